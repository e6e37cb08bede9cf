import { ConflictError } from "@/lib/errors/app-error";
import type { OrderStatus } from "@/lib/generated/prisma/enums";

/** Only a PENDING order takes a new payment attempt. */
export function assertPayable(status: OrderStatus): void {
  if (status === "PENDING") return;
  if (status === "CLOSED") throw new ConflictError("ORDER_CLOSED", "This order is closed");
  throw new ConflictError("ORDER_ALREADY_PAID", "This order has already been paid");
}
