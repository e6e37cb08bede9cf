import type { Db } from "@/lib/db/create-prisma";

// Row claims for background work shared by several app instances: the candidate rows are
// locked with FOR UPDATE SKIP LOCKED and stamped (last_queried_at) in the same statement, so a
// second instance neither waits on them nor picks them again until the lease has passed. The
// stamp, not a process-local flag, is the guard; the WeChat Pay call happens after the claim
// commits, and the exactly-once apply path makes a rare double call harmless.

export interface ClaimOptions {
  now?: Date;
  limit: number;
  /** A claimed row is left alone for this long (the lease), whether or not the work succeeded. */
  leaseSeconds: number;
}

const ago = (now: Date, seconds: number) => new Date(now.getTime() - seconds * 1000);

/**
 * PENDING payments placed at WeChat Pay (a code_url, prepay_id or h5_url), not yet expired, older
 * than `minAgeSeconds`, and quiet: not queried for `leaseSeconds`, or for a tenth of their age if
 * that is longer (an attempt left open for an hour is asked every 6 minutes, not every minute).
 * One whose prepay call never answered is settled at expiry by the close job instead.
 */
export async function claimQuietPayments(db: Db, o: ClaimOptions & { minAgeSeconds: number }): Promise<string[]> {
  const now = o.now ?? new Date();
  const rows = await db.$queryRaw<{ out_trade_no: string }[]>`
    UPDATE payment_attempts SET last_queried_at = ${now}
    WHERE id IN (
      SELECT id FROM payment_attempts
      WHERE status = 'PENDING' AND expires_at > ${now} AND created_at < ${ago(now, o.minAgeSeconds)}
        AND (code_url IS NOT NULL OR prepay_id IS NOT NULL OR h5_url IS NOT NULL)
        AND (last_queried_at IS NULL OR last_queried_at < LEAST(${ago(now, o.leaseSeconds)}::timestamptz, ${now}::timestamptz - (${now}::timestamptz - created_at) / 10))
      ORDER BY last_queried_at NULLS FIRST, created_at
      LIMIT ${o.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING out_trade_no`;
  return rows.map((r) => r.out_trade_no);
}

/** PENDING payments past expires_at: to be closed at WeChat Pay, then here. */
export async function claimExpiredPayments(db: Db, o: ClaimOptions): Promise<string[]> {
  const now = o.now ?? new Date();
  const rows = await db.$queryRaw<{ out_trade_no: string }[]>`
    UPDATE payment_attempts SET last_queried_at = ${now}
    WHERE id IN (
      SELECT id FROM payment_attempts
      WHERE status = 'PENDING' AND expires_at <= ${now}
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
      WHERE (status = 'PROCESSING' AND (last_queried_at IS NULL OR last_queried_at < ${ago(now, o.leaseSeconds)}))
         OR (status = 'ABNORMAL' AND (last_queried_at IS NULL OR last_queried_at < ${now}::timestamptz
               - GREATEST(${o.leaseSeconds} * interval '1 second', LEAST((${now}::timestamptz - created_at) / 10, interval '1 hour'))))
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
      WHERE status = 'CREATED' AND created_at < ${ago(now, o.minAgeSeconds)}
        AND (last_queried_at IS NULL OR last_queried_at < ${ago(now, o.leaseSeconds)})
      ORDER BY created_at
      LIMIT ${o.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id::text AS id`;
  return rows.map((r) => r.id);
}
