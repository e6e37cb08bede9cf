import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Prisma } from "@/lib/generated/prisma/client";
import { auditRow } from "@/lib/auth/audit-row";

export type ProductAuditAction =
  | "PRODUCT_CREATED"
  | "PRODUCT_UPDATED"
  | "PRODUCT_DEACTIVATED"
  | "PRODUCT_REACTIVATED"
  | "PRODUCT_DELETED"
  | "PRODUCT_IMAGE_SET"
  | "PRODUCT_IMAGE_REMOVED";

/** One audit row for a product change; call it inside the transaction that made the change. */
export async function auditProduct(
  tx: Prisma.TransactionClient,
  actor: AdminIdentity,
  action: ProductAuditAction,
  productId: string,
  detail: Prisma.InputJsonObject,
  ip?: string,
): Promise<void> {
  await tx.auditLog.create({
    data: auditRow(actor, { action, target: { type: "product", id: productId }, detail, ip }),
  });
}
