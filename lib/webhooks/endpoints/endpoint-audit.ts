import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Prisma } from "@/lib/generated/prisma/client";
import { auditRow } from "@/lib/auth/audit-row";

type WebhookAuditAction =
  | "WEBHOOK_ENDPOINT_CREATED"
  | "WEBHOOK_ENDPOINT_UPDATED"
  | "WEBHOOK_ENDPOINT_DELETED"
  | "WEBHOOK_SECRET_ROTATED"
  | "WEBHOOK_TEST_SENT"
  | "WEBHOOK_DELIVERY_RESENT"
  | "WEBHOOK_FAILED_RESENT";

/**
 * One audit row for a webhook change, inside the transaction that made it. Callers pass urls,
 * types and counts only: a secret never goes into `detail` (audit rows are shown to viewers).
 */
export async function auditWebhook(
  tx: Prisma.TransactionClient,
  actor: AdminIdentity,
  action: WebhookAuditAction,
  target: { type: "webhook_endpoint" | "webhook_delivery"; id: string },
  detail: Prisma.InputJsonObject,
  ip?: string,
): Promise<void> {
  await tx.auditLog.create({ data: auditRow(actor, { action, target, detail, ip }) });
}
