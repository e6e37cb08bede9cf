import { NotFoundError } from "@/lib/errors/app-error";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A product id from a URL: anything but a UUID is simply not found (never a cast error). */
export function productId(id: string): string {
  if (!UUID.test(id)) throw new NotFoundError("No such product");
  return id.toLowerCase();
}
