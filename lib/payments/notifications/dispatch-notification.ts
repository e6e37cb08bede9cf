import type { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/create-prisma";
import type { ParsedNotification } from "@/lib/wechatpay";
import { applyRefund } from "../apply-refund";
import { applyTransaction } from "../apply-transaction";
import { applySuccessFast, prismaRunner, type SqlRunner } from "./apply-success-fast";
import { finishNotification, recordVerifiedNotification } from "../record-notification";
import type { ApplyOutcome, MerchantIdentity, StateSource } from "../sources";

type NotificationOutcome = ApplyOutcome | { result: "IGNORED" };

/** One handler per kind of verified, decrypted notification; each stores the event exactly once. */
export async function dispatchNotification(
  db: Db,
  n: ParsedNotification,
  merchant: MerchantIdentity,
  serial: string | undefined,
  sql: SqlRunner | null = null,
): Promise<NotificationOutcome> {
  const source: StateSource = {
    kind: "notification",
    notificationId: n.envelope.id,
    eventType: n.envelope.event_type,
    requestId: n.requestId,
    serial,
  };
  switch (n.kind) {
    case "transaction":
      return (
        (await applySuccessFast(sql ?? prismaRunner(db), n.resource, source, merchant)) ??
        applyTransaction(db, n.resource, source, merchant)
      );
    case "refund": {
      const r = n.resource;
      return applyRefund(
        db,
        { ...r, status: r.refund_status, amount: { refund: r.amount.refund, total: r.amount.total } },
        source,
        merchant,
      );
    }
    default:
      // A verified event we have no handler for: kept, answered 204 so it is not retried for a day.
      return db.$transaction(async (tx) => {
        const id = await recordVerifiedNotification(tx, source, (n.resource ?? null) as Prisma.InputJsonValue);
        if (!id) return { result: "DUPLICATE" } as const;
        await finishNotification(tx, id, { outcome: "IGNORED" });
        return { result: "IGNORED" } as const;
      });
  }
}
