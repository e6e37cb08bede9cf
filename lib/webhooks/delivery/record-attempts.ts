import type { SqlRunner } from "@/lib/db/hot-sql";

// Writes a batch of finished attempts in one statement: an attempt row each (kept for the admin)
// and the delivery's new state. The delivery is updated only while it is still PENDING with the
// attempt count it was claimed with: a claim that outlived its lease (a stalled process) cannot
// overwrite what a later claim recorded; its attempt row is still kept, because it happened.
// Passed as one JSON parameter: the same text runs on pg's prepared statements and on Prisma
// (PGlite) without relying on either driver's array encoding.

const RECORD_SQL = `
WITH a AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(
    delivery_id uuid, prev_count int, attempted_at timestamptz, status_code int, latency_ms int,
    response_body text, error text, status text, next_attempt_at timestamptz)
), ins AS (
  INSERT INTO webhook_attempts (id, delivery_id, attempted_at, status_code, latency_ms, response_body, error)
  SELECT gen_random_uuid(), a.delivery_id, a.attempted_at, a.status_code, a.latency_ms, a.response_body, a.error
  FROM a JOIN webhook_deliveries d ON d.id = a.delivery_id
  RETURNING 1
), upd AS (
  UPDATE webhook_deliveries d SET
    status = a.status::"WebhookDeliveryStatus",
    attempt_count = d.attempt_count + 1,
    last_attempt_at = a.attempted_at,
    next_attempt_at = COALESCE(a.next_attempt_at, d.next_attempt_at),
    delivered_at = CASE WHEN a.status = 'DELIVERED' THEN a.attempted_at ELSE d.delivered_at END
  FROM a
  WHERE d.id = a.delivery_id AND d.status = 'PENDING' AND d.attempt_count = a.prev_count
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::int AS attempts, (SELECT count(*) FROM upd)::int AS updated`;

// Claimed but not attempted (too little of the lease left): due again at once, for this or
// another instance, instead of waiting for the lease to run out.
const RELEASE_SQL = `
UPDATE webhook_deliveries d SET next_attempt_at = $2::timestamptz
FROM jsonb_to_recordset($1::jsonb) AS t(delivery_id uuid, prev_count int)
WHERE d.id = t.delivery_id AND d.status = 'PENDING' AND d.attempt_count = t.prev_count`;

export type DeliveryStatus = "PENDING" | "DELIVERED" | "FAILED";

export interface AttemptRecord {
  deliveryId: string;
  /** attempt_count when claimed (the fencing token). */
  prevCount: number;
  attemptedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  responseBody: string | null;
  error: string | null;
  /** The delivery's state after this attempt. */
  status: DeliveryStatus;
  /** PENDING: when to try again. */
  nextAttemptAt: Date | null;
}

const MAX_ERROR_CHARS = 500;
const clean = (s: string | null) => (s === null ? null : s.replace(/\0/g, "\uFFFD").slice(0, MAX_ERROR_CHARS));

export async function recordAttempts(sql: SqlRunner, records: AttemptRecord[]): Promise<{ updated: number }> {
  if (records.length === 0) return { updated: 0 };
  const json = JSON.stringify(
    records.map((r) => ({
      delivery_id: r.deliveryId,
      prev_count: r.prevCount,
      attempted_at: r.attemptedAt.toISOString(),
      status_code: r.statusCode,
      latency_ms: Math.max(0, Math.round(r.latencyMs)),
      response_body: r.responseBody,
      error: clean(r.error),
      status: r.status,
      next_attempt_at: r.nextAttemptAt?.toISOString() ?? null,
    })),
  );
  const [row] = await sql<{ updated: number }>("webhook_record_attempts_v1", RECORD_SQL, [json]);
  return { updated: Number(row?.updated ?? 0) };
}

export async function releaseDeliveries(
  sql: SqlRunner,
  claims: { deliveryId: string; prevCount: number }[],
  now: Date,
): Promise<void> {
  if (claims.length === 0) return;
  const json = JSON.stringify(claims.map((c) => ({ delivery_id: c.deliveryId, prev_count: c.prevCount })));
  await sql("webhook_release_deliveries_v1", RELEASE_SQL, [json, now.toISOString()]);
}
