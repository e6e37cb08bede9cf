import { randomUUID } from "node:crypto";
import type { SqlRunner } from "@/lib/db/hot-sql";
import { newEventId } from "@/lib/events/event-id";
import { eventsWritten } from "@/lib/events/events-written";
import { announcePaymentStatus } from "../status-push/payment-status-hub";
import type { TransactionResource } from "@/lib/wechatpay";
import type { ApplyOutcome, MerchantIdentity, StateSource } from "../sources";
import { countTransition } from "../count-transition";

const INT4_MAX = 2_147_483_647;

type NotificationSource = Extract<StateSource, { kind: "notification" }>;
type Row = { seen: boolean; payment_id: string | null; moved: number; stored: number };

export { prismaRunner, type SqlRunner } from "@/lib/db/hot-sql";

const SUCCESS_SQL = `
WITH p AS (
  SELECT id, order_id, livemode FROM payment_attempts
  WHERE out_trade_no = $1 AND mchid = $2 AND appid = $3 AND amount_fen = $4::int
    AND (transaction_id IS NULL OR transaction_id = $5) AND livemode = $18::boolean
),
seen AS (SELECT EXISTS (SELECT 1 FROM notification_events WHERE notification_id = $6) AS v),
upd AS (
  UPDATE payment_attempts pa
  SET status = 'PAID', trade_state = 'SUCCESS', transaction_id = $5, paid_at = $7::timestamptz,
      openid = COALESCE($8::text, pa.openid), updated_at = now()
  FROM p
  WHERE pa.id = p.id AND pa.status = 'PENDING' AND NOT (SELECT v FROM seen)
    AND NOT EXISTS (SELECT 1 FROM payment_attempts o WHERE o.order_id = p.order_id AND o.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'))
  RETURNING pa.id, pa.order_id, pa.livemode
),
ins AS (
  INSERT INTO notification_events (id, notification_id, event_type, verification, serial, request_id, resource, payment_id, flagged, outcome, received_at, processed_at)
  SELECT $9::uuid, $6, $10, 'VERIFIED', $11::text, $12::text, $13::jsonb, upd.id, false, 'TRANSITIONED', now(), now() FROM upd
  RETURNING id
),
ev AS (
  INSERT INTO payment_events (id, order_id, payment_id, type, from_status, to_status, detail, created_at)
  SELECT $14::uuid, upd.order_id, upd.id, 'STATE_CHANGED', 'PENDING', 'PAID', $15::jsonb, now() FROM upd
  RETURNING id
),
ord AS (
  UPDATE orders SET status = 'PAID', updated_at = now() WHERE id = (SELECT order_id FROM upd) AND status <> 'PAID'
  RETURNING id
),
paid_event AS (
  INSERT INTO events (id, type, order_id, livemode) SELECT $16::text, 'payment.succeeded', upd.order_id, upd.livemode FROM upd
  RETURNING id
),
session_event AS (
  INSERT INTO events (id, type, order_id, livemode)
  SELECT $17::text, 'checkout.session.completed', ord.id, upd.livemode FROM ord JOIN checkout_sessions cs ON cs.order_id = ord.id, upd
  RETURNING id
)
SELECT (SELECT v FROM seen) AS seen, (SELECT id::text FROM p) AS payment_id,
       (SELECT count(*)::int FROM upd) AS moved, (SELECT count(*)::int FROM ins) AS stored,
       (SELECT count(*)::int FROM ev) AS logged, (SELECT count(*)::int FROM ord) AS ordered,
       (SELECT count(*)::int FROM paid_event) + (SELECT count(*)::int FROM session_event) AS announced`;

/**
 * The hot path of notification ingest: a TRANSACTION.SUCCESS for a PENDING payment that matches
 * (mchid, appid, amount, currency, transaction id) and whose order has no other settled payment.
 * One statement does what applyTransaction does for that case — conditional PENDING → PAID,
 * the notification stored under its unique id, the STATE_CHANGED event, order → PAID, and the
 * outbox events payment.succeeded and (for a Checkout Session) checkout.session.completed — and a
 * statement is atomic, so it costs one round trip instead of ten. A concurrent delivery of the
 * same id makes the plain INSERT fail on the unique key, which undoes the whole statement. It
 * returns null, having written nothing, for every other case (mismatch, already paid, unknown
 * order, that race), and the caller falls back to applyTransaction, the reference for all.
 */
export async function applySuccessFast(
  sql: SqlRunner,
  t: TransactionResource,
  source: NotificationSource,
  merchant: MerchantIdentity,
): Promise<ApplyOutcome | null> {
  if (t.trade_state !== "SUCCESS" || t.mchid !== merchant.mchId || t.amount.currency !== "CNY") return null;
  // amount_fen is int4: a larger total cannot match, and the $4::int cast would fail the statement (a 500).
  if (t.amount.total > INT4_MAX) return null;
  const paidAt = t.success_time ? new Date(t.success_time) : new Date();
  if (Number.isNaN(paidAt.getTime())) return null;
  const detail = {
    source: "notification",
    notificationId: source.notificationId,
    requestId: source.requestId,
    tradeState: t.trade_state,
    transactionId: t.transaction_id,
  };
  const values = [
    t.out_trade_no,
    t.mchid,
    t.appid,
    t.amount.total,
    t.transaction_id,
    source.notificationId,
    paidAt.toISOString(),
    t.payer?.openid ?? null,
    randomUUID(),
    source.eventType,
    source.serial ?? null,
    source.requestId ?? null,
    JSON.stringify(t),
    randomUUID(),
    JSON.stringify(detail),
    newEventId(),
    newEventId(),
    merchant.livemode,
  ];
  let rows: Row[];
  try {
    rows = await sql<Row>("notify_success_fast_v3", SUCCESS_SQL, values);
  } catch (err) {
    // The id was stored meanwhile by a concurrent delivery: nothing of this statement remains.
    if (isUniqueViolation(err)) return null;
    throw err;
  }
  const r = rows[0];
  if (!r || r.moved === 0) return r?.seen ? { result: "DUPLICATE" } : null; // nothing written
  eventsWritten();
  // Open status pages: here at once, other instances by a NOTIFY sent just after (batched).
  announcePaymentStatus(sql, t.out_trade_no);
  countTransition("payment", "PAID", source);
  return { result: "TRANSITIONED", id: r.payment_id!, from: "PENDING", to: "PAID" };
}

function isUniqueViolation(err: unknown): boolean {
  const text = err instanceof Error ? `${(err as { code?: string }).code ?? ""} ${err.message}` : "";
  return /23505|unique constraint|P2002/i.test(text);
}
