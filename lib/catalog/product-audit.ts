import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Prisma } from "@/lib/generated/prisma/client";
import { currentRequestId } from "@/lib/observability/request-context";

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
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      requestId: currentRequestId(),
      action,
      targetType: "product",
      targetId: productId,
      detail,
      ip: ip ?? null,
    },
  });
}
