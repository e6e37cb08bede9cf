import type { Db } from "@/lib/db/create-prisma";
import { lastDuePointSql } from "./query-schedule";

// Row claims for background work shared by several app instances: the candidate rows are
// locked with FOR UPDATE SKIP LOCKED and stamped (last_queried_at) in the same statement, so a
// second instance neither waits on them nor picks them again until the lease has passed. The
// stamp, not a process-local flag, is the guard; the WeChat Pay call happens after the claim
// commits, and the exactly-once apply path makes a rare double call harmless.

interface ClaimOptions {
  now?: Date;
  /** One WeChat Pay context's rows: each context's worker pass claims its own. */
  livemode: boolean;
  limit: number;
  /** A claimed row is left alone for this long (the lease), whether or not the work succeeded. */
  leaseSeconds: number;
}

const ago = (now: Date, seconds: number) => new Date(now.getTime() - seconds * 1000);

/** The advisory lock that serialises query claims of all instances (for the shared rate). */
const QUERY_RATE_LOCK = 72707370;
/** The rate is counted over this sliding window: at most `rate` claims in any 1 s. */
const RATE_WINDOW_MS = 1_000;

/** A loaded machine (or PGlite's single connection) may make a transaction wait its turn. */
const TX = { maxWait: 10_000, timeout: 15_000 };

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * How many more upstream queries may start now: `rate` per second for all instances together,
 * counted from the stamps in the database (the worker's claims, early queries, closes all set
 * last_queried_at), under an advisory lock so two instances cannot spend the same budget.
 */
async function queryBudget(tx: Tx, now: Date, rate: number): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${QUERY_RATE_LOCK})`;
  const [row] = await tx.$queryRaw<{ used: number }[]>`
    SELECT count(*)::int AS used FROM payment_attempts
    WHERE last_queried_at > ${new Date(now.getTime() - RATE_WINDOW_MS)} AND last_queried_at <= ${now}`;
  return Math.max(0, Math.floor((rate * RATE_WINDOW_MS) / 1000) - (row?.used ?? 0));
}

/**
 * PENDING payments placed at WeChat Pay (a code_url, prepay_id or h5_url), not yet expired, whose
 * schedule (query-schedule.ts) has a point that passed since they were last queried: every due
 * row, most overdue first, as many as the shared rate (`rate` per second, all instances) allows
 * now. One whose prepay call never answered is settled at expiry by the close job instead.
 */
export async function claimDuePayments(
  db: Db,
  o: { now?: Date; schedule: readonly number[]; rate: number; livemode: boolean },
): Promise<string[]> {
  const now = o.now ?? new Date();
  const age = `extract(epoch FROM ($1::timestamptz - created_at))`;
  const point = lastDuePointSql(o.schedule, age);
  const dueWhere = `status = 'PENDING' AND expires_at > $1 AND livemode = ${o.livemode ? "true" : "false"}
           AND (code_url IS NOT NULL OR prepay_id IS NOT NULL OR h5_url IS NOT NULL)
           AND ${point} IS NOT NULL
           AND (last_queried_at IS NULL OR last_queried_at < created_at + ${point} * interval '1 second')`;
  // Most seconds nothing is due: one read, no transaction, no lock.
  const any = await db.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM payment_attempts WHERE ${dueWhere} LIMIT 1`, now);
  if (any.length === 0) return [];
  return db.$transaction(async (tx) => {
    const budget = await queryBudget(tx, now, o.rate);
    if (budget === 0) return [];
    const rows = await tx.$queryRawUnsafe<{ out_trade_no: string }[]>(
      `UPDATE payment_attempts SET last_queried_at = $1
       WHERE id IN (
         SELECT id FROM payment_attempts
         WHERE ${dueWhere}
         ORDER BY created_at + ${point} * interval '1 second', created_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING out_trade_no`,
      now,
      budget,
    );
    return rows.map((r) => r.out_trade_no);
  }, TX);
}

/**
 * A shopper's explicit "I have paid" (the JSAPI bridge's ok, the H5 return page): one early
 * query of this payment, unless it is not PENDING and placed, was queried less than
 * `minGapSeconds` ago (by anyone), or the shared rate is spent. True when the caller may query.
 */
export async function claimEarlyQuery(
  db: Db,
  outTradeNo: string,
  o: { now?: Date; rate: number; minGapSeconds: number },
): Promise<boolean> {
  const now = o.now ?? new Date();
  // Double clicks and many tabs end here, without a transaction: only an eligible payment
  // takes the shared lock.
  const eligible = await db.$queryRaw<unknown[]>`
    SELECT 1 FROM payment_attempts
    WHERE out_trade_no = ${outTradeNo} AND status = 'PENDING'
      AND (code_url IS NOT NULL OR prepay_id IS NOT NULL OR h5_url IS NOT NULL)
      AND (last_queried_at IS NULL OR last_queried_at < ${ago(now, o.minGapSeconds)})`;
  if (eligible.length === 0) return false;
  return db.$transaction(async (tx) => {
    if ((await queryBudget(tx, now, o.rate)) === 0) return false;
    const n = await tx.$executeRaw`
      UPDATE payment_attempts SET last_queried_at = ${now}
      WHERE out_trade_no = ${outTradeNo} AND status = 'PENDING'
        AND (code_url IS NOT NULL OR prepay_id IS NOT NULL OR h5_url IS NOT NULL)
        AND (last_queried_at IS NULL OR last_queried_at < ${ago(now, o.minGapSeconds)})`;
    return n === 1;
  }, TX);
}

/** PENDING payments past expires_at: to be closed at WeChat Pay, then here. */
export async function claimExpiredPayments(db: Db, o: ClaimOptions): Promise<string[]> {
  const now = o.now ?? new Date();
  const rows = await db.$queryRaw<{ out_trade_no: string }[]>`
    UPDATE payment_attempts SET last_queried_at = ${now}
    WHERE id IN (
      SELECT id FROM payment_attempts
      WHERE status = 'PENDING' AND expires_at <= ${now} AND livemode = ${o.livemode}
        AND (last_queried_at IS NULL OR last_queried_at < ${ago(now, o.leaseSeconds)})
      ORDER BY expires_at
      LIMIT ${o.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING out_trade_no`;
  return rows.map((r) => r.out_trade_no);
}

/**
 * PROCESSING refunds not queried for `leaseSeconds`, and ABNORMAL ones backing off: asked again
 * after a tenth of their age (at least the lease, at most an hour), since an admin's
 * apply-abnormal-refund or WeChat Pay itself may settle them at any time.
 */
export async function claimProcessingRefunds(db: Db, o: ClaimOptions): Promise<string[]> {
  const now = o.now ?? new Date();
  const rows = await db.$queryRaw<{ out_refund_no: string }[]>`
    UPDATE refunds SET last_queried_at = ${now}
    WHERE id IN (
      SELECT id FROM refunds
      WHERE livemode = ${o.livemode} AND ((status = 'PROCESSING' AND (last_queried_at IS NULL OR last_queried_at < ${ago(now, o.leaseSeconds)}))
         OR (status = 'ABNORMAL' AND (last_queried_at IS NULL OR last_queried_at < ${now}::timestamptz
               - GREATEST(${o.leaseSeconds} * interval '1 second', LEAST((${now}::timestamptz - created_at) / 10, interval '1 hour')))))
      ORDER BY last_queried_at NULLS FIRST, created_at
      LIMIT ${o.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING out_refund_no`;
  return rows.map((r) => r.out_refund_no);
}

/** CREATED refunds older than `minAgeSeconds` (the submit timed out or the process died). */
export async function claimStaleCreatedRefunds(db: Db, o: ClaimOptions & { minAgeSeconds: number }): Promise<string[]> {
  const now = o.now ?? new Date();
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE refunds SET last_queried_at = ${now}
    WHERE id IN (
      SELECT id FROM refunds
      WHERE status = 'CREATED' AND created_at < ${ago(now, o.minAgeSeconds)} AND livemode = ${o.livemode}
        AND (last_queried_at IS NULL OR last_queried_at < ${ago(now, o.leaseSeconds)})
      ORDER BY created_at
      LIMIT ${o.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id::text AS id`;
  return rows.map((r) => r.id);
}
