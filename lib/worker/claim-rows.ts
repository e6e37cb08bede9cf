import type { Db } from "@/lib/db/create-prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import { QUERY_CLAIM_TX, queryBudget } from "@/lib/payments/query-budget";
import { claimSql } from "./claim-sql";
import { lastDuePointSql } from "./query-schedule";

// Row claims for background work shared by several app instances (claimSql): the stamp, not a
// process-local flag, is the guard; the WeChat Pay call happens after the claim commits, and
// the exactly-once apply path makes a rare double call harmless.

export interface ClaimOptions {
  now?: Date;
  /** One WeChat Pay context's rows: each context's worker pass claims its own. */
  livemode: boolean;
  limit: number;
  /** A claimed row is left alone for this long (the lease), whether or not the work succeeded. */
  leaseSeconds: number;
}

const ago = (now: Date, seconds: number) => new Date(now.getTime() - seconds * 1000);

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
  // Inlined, not a parameter: the schedule is validated integers (lastDuePointSql checks) and
  // the instant is toISOString's fixed format, and the expression appears several times.
  const point = Prisma.raw(
    lastDuePointSql(o.schedule, `extract(epoch FROM ('${now.toISOString()}'::timestamptz - created_at))`),
  );
  const due = Prisma.sql`status = 'PENDING' AND expires_at > ${now} AND livemode = ${o.livemode}
    AND (code_url IS NOT NULL OR prepay_id IS NOT NULL OR h5_url IS NOT NULL)
    AND ${point} IS NOT NULL
    AND (last_queried_at IS NULL OR last_queried_at < created_at + ${point} * interval '1 second')`;
  // Most seconds nothing is due: one read, no transaction, no lock.
  const any = await db.$queryRaw<unknown[]>`SELECT 1 FROM payment_attempts WHERE ${due} LIMIT 1`;
  if (any.length === 0) return [];
  return db.$transaction(async (tx) => {
    const budget = await queryBudget(tx, now, o.rate);
    if (budget === 0) return [];
    const rows = await tx.$queryRaw<{ out_trade_no: string }[]>(
      claimSql({
        table: "payment_attempts",
        now,
        where: due,
        orderBy: Prisma.sql`created_at + ${point} * interval '1 second', created_at`,
        limit: budget,
        returning: Prisma.sql`out_trade_no`,
      }),
    );
    return rows.map((r) => r.out_trade_no);
  }, QUERY_CLAIM_TX);
}

/** PENDING payments past expires_at: to be closed at WeChat Pay, then here. */
export async function claimExpiredPayments(db: Db, o: ClaimOptions): Promise<string[]> {
  const now = o.now ?? new Date();
  const rows = await db.$queryRaw<{ out_trade_no: string }[]>(
    claimSql({
      table: "payment_attempts",
      now,
      where: Prisma.sql`status = 'PENDING' AND expires_at <= ${now} AND livemode = ${o.livemode}
        AND (last_queried_at IS NULL OR last_queried_at < ${ago(now, o.leaseSeconds)})`,
      orderBy: Prisma.sql`expires_at`,
      limit: o.limit,
      returning: Prisma.sql`out_trade_no`,
    }),
  );
  return rows.map((r) => r.out_trade_no);
}

/**
 * PROCESSING refunds not queried for `leaseSeconds`, and ABNORMAL ones backing off: asked again
 * after a tenth of their age (at least the lease, at most an hour), since an admin's
 * apply-abnormal-refund or WeChat Pay itself may settle them at any time.
 */
export async function claimProcessingRefunds(db: Db, o: ClaimOptions): Promise<string[]> {
  const now = o.now ?? new Date();
  const rows = await db.$queryRaw<{ out_refund_no: string }[]>(
    claimSql({
      table: "refunds",
      now,
      where: Prisma.sql`livemode = ${o.livemode} AND (
          (status = 'PROCESSING' AND (last_queried_at IS NULL OR last_queried_at < ${ago(now, o.leaseSeconds)}))
          OR (status = 'ABNORMAL' AND (last_queried_at IS NULL OR last_queried_at < ${now}::timestamptz
            - GREATEST(${o.leaseSeconds} * interval '1 second', LEAST((${now}::timestamptz - created_at) / 10, interval '1 hour')))))`,
      orderBy: Prisma.sql`last_queried_at NULLS FIRST, created_at`,
      limit: o.limit,
      returning: Prisma.sql`out_refund_no`,
    }),
  );
  return rows.map((r) => r.out_refund_no);
}

/** CREATED refunds older than `minAgeSeconds` (the submit timed out or the process died). */
export async function claimStaleCreatedRefunds(db: Db, o: ClaimOptions & { minAgeSeconds: number }): Promise<string[]> {
  const now = o.now ?? new Date();
  const rows = await db.$queryRaw<{ id: string }[]>(
    claimSql({
      table: "refunds",
      now,
      where: Prisma.sql`status = 'CREATED' AND created_at < ${ago(now, o.minAgeSeconds)} AND livemode = ${o.livemode}
        AND (last_queried_at IS NULL OR last_queried_at < ${ago(now, o.leaseSeconds)})`,
      orderBy: Prisma.sql`created_at`,
      limit: o.limit,
      returning: Prisma.sql`id::text AS id`,
    }),
  );
  return rows.map((r) => r.id);
}
