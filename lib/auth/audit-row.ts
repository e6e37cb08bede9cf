import type { Prisma } from "@/lib/generated/prisma/client";
import { currentRequestId } from "@/lib/observability/request-context";

/** Who made the change: an admin, or a merchant's API key (no admin id; the email names the key). */
export interface AuditActor {
  id?: string | null;
  email: string;
}

export interface AuditEntry {
  action: string;
  /** What was changed; no id for a change to many rows (e.g. all test data). */
  target: { type: string; id?: string };
  /** Shown to viewers in the audit log: never a secret. */
  detail: Prisma.InputJsonObject;
  orderNo?: string;
  ip?: string | null;
}

/**
 * The audit_log row for one change, carrying the current request's id (it joins the row to that
 * request's log lines). Write it in the transaction that made the change.
 */
export function auditRow(actor: AuditActor, entry: AuditEntry): Prisma.AuditLogUncheckedCreateInput {
  return {
    actorId: actor.id ?? null,
    actorEmail: actor.email,
    requestId: currentRequestId(),
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id ?? null,
    orderNo: entry.orderNo ?? null,
    detail: entry.detail,
    ip: entry.ip ?? null,
  };
}
