import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/create-prisma";
import type { TransactionResource } from "@/lib/wechatpay";
import type { ApplyOutcome, MerchantIdentity, StateSource } from "../sources";

type NotificationSource = Extract<StateSource, { kind: "notification" }>;

/**
 * The hot path of notification ingest: a TRANSACTION.SUCCESS for a PENDING payment that matches
 * (mchid, appid, amount, currency, transaction id) and whose order has no other settled payment.
 * One statement does what applyTransaction does for that case — conditional PENDING → PAID,
 * the notification stored under its unique id, the STATE_CHANGED event, order → PAID — and a
 * statement is atomic, so it costs one round trip instead of ten. A concurrent delivery of the
 * same id makes the plain INSERT fail on the unique key, which undoes the whole statement. It
 * returns null, having written nothing, for every other case (mismatch, already paid, unknown
 * order, that race), and the caller falls back to applyTransaction, the reference for all.
 */
export async function applySuccessFast(db: Db, t: TransactionResource, source: NotificationSource, merchant: MerchantIdentity): Promise<ApplyOutcome | null> {
  if (t.trade_state !== "SUCCESS" || t.mchid !== merchant.mchId || t.amount.currency !== "CNY") return null;
  const eventId = randomUUID();
  const paidAt = t.success_time ? new Date(t.success_time) : new Date();
  if (Number.isNaN(paidAt.getTime())) return null;
  const resource = JSON.stringify(t);
  const detail = JSON.stringify({ source: "notification", notificationId: source.notificationId, requestId: source.requestId, tradeState: t.trade_state, transactionId: t.transaction_id });
  let rows: { seen: boolean; payment_id: string | null; moved: number; stored: number }[];
  try {
    rows = await db.$queryRaw<{ seen: boolean; payment_id: string | null; moved: number; stored: number }[]>`
        WITH p AS (
          SELECT id, order_id, status FROM payment_attempts
          WHERE out_trade_no = ${t.out_trade_no} AND mchid = ${t.mchid} AND appid = ${t.appid} AND amount_fen = ${t.amount.total}
            AND (transaction_id IS NULL OR transaction_id = ${t.transaction_id})
        ),
        seen AS (SELECT EXISTS (SELECT 1 FROM notification_events WHERE notification_id = ${source.notificationId}) AS v),
        upd AS (
          UPDATE payment_attempts pa
          SET status = 'PAID', trade_state = 'SUCCESS', transaction_id = ${t.transaction_id}, paid_at = ${paidAt},
              openid = COALESCE(${t.payer?.openid ?? null}, pa.openid), updated_at = now()
          FROM p
          WHERE pa.id = p.id AND pa.status = 'PENDING' AND NOT (SELECT v FROM seen)
            AND NOT EXISTS (SELECT 1 FROM payment_attempts o WHERE o.order_id = p.order_id AND o.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'))
          RETURNING pa.id, pa.order_id
        ),
        ins AS (
          INSERT INTO notification_events (id, notification_id, event_type, verification, serial, request_id, resource, payment_id, flagged, outcome, received_at, processed_at)
          SELECT ${eventId}::uuid, ${source.notificationId}, ${source.eventType}, 'VERIFIED', ${source.serial ?? null}, ${source.requestId ?? null}, ${resource}::jsonb, upd.id, false, 'TRANSITIONED', now(), now()
          FROM upd
          RETURNING id
        ),
        ev AS (
          INSERT INTO payment_events (id, order_id, payment_id, type, from_status, to_status, detail, created_at)
          SELECT ${randomUUID()}::uuid, upd.order_id, upd.id, 'STATE_CHANGED', 'PENDING', 'PAID', ${detail}::jsonb, now() FROM upd
          RETURNING id
        ),
        ord AS (
          UPDATE orders SET status = 'PAID', updated_at = now() WHERE id = (SELECT order_id FROM upd) AND status <> 'PAID'
          RETURNING id
        )
        SELECT (SELECT v FROM seen) AS seen, (SELECT id::text FROM p) AS payment_id, (SELECT count(*)::int FROM upd) AS moved, (SELECT count(*)::int FROM ins) AS stored, (SELECT count(*)::int FROM ev) AS logged, (SELECT count(*)::int FROM ord) AS ordered`;
  } catch (err) {
    // The id was stored meanwhile by a concurrent delivery: nothing of this statement remains.
    if (isUniqueViolation(err)) return null;
    throw err;
  }
  const r = rows[0];
  if (!r || r.moved === 0) return r?.seen ? { result: "DUPLICATE" } : null; // nothing written
  return { result: "TRANSITIONED", id: r.payment_id!, from: "PENDING", to: "PAID" };
}

function isUniqueViolation(err: unknown): boolean {
  const text = err instanceof Error ? `${(err as { code?: string }).code ?? ""} ${err.message}` : "";
  return /23505|unique constraint|P2002/i.test(text);
}
