import type { Db } from "@/lib/db/create-prisma";
import { NotFoundError } from "@/lib/errors/app-error";
import { listAdminProducts, type AdminProductRow } from "./list-admin-products";
import { productId } from "./product-id";

/** One product for the edit page and `GET /api/v1/admin/products/:id`; 404 when unknown. */
export async function getAdminProduct(db: Db, rawId: string): Promise<AdminProductRow> {
  const [row] = await listAdminProducts(db, { id: productId(rawId) });
  if (!row) throw new NotFoundError("No such product");
  return row;
}
