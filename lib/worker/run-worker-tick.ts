import { claimOverdueSessions } from "@/lib/checkout-sessions/claim-overdue-sessions";
import { expireCheckoutSession } from "@/lib/checkout-sessions/expire-session";
import { getConfig } from "@/lib/config";
import type { Db } from "@/lib/db/create-prisma";
import { beijingDateBefore } from "@/lib/reconciliation/beijing-day";
import { reconcileInto } from "@/lib/reconciliation/run-reconciliation";
import { submitRefund } from "@/lib/refunds/submit-refund";
import { closePayment } from "@/lib/payments/close-payment";
import { syncRefund } from "@/lib/payments/sync-refund";
import type { WechatContext } from "@/lib/payments/wechat-context";
import { claimReconciliation } from "./claim-reconciliation";
import { claimExpiredPayments, claimProcessingRefunds, claimStaleCreatedRefunds } from "./claim-rows";
import { runQueryPass } from "./run-query-pass";
import type { WorkerSettings } from "./worker-settings";

interface TickReport {
  queried: number;
  closed: number;
  /** Checkout Sessions past expiresAt closed (order CLOSED, session stamped expired). */
  sessionsExpired: number;
  refundsQueried: number;
  refundsResubmitted: number;
  reconciled: string | null;
  errors: string[];
  /** Rows claimed per job (metrics: wxpay_worker_claimed_rows_total). */
  claimed: Record<"query" | "close" | "expire_session" | "refund_query" | "refund_resubmit", number>;
}

/** Runs each claimed item on its own: one failure (WeChat Pay down, a bad row) skips only that item. */
async function each<T>(
  items: T[],
  what: string,
  errors: string[],
  run: (item: T) => Promise<unknown>,
): Promise<number> {
  let done = 0;
  for (const item of items) {
    try {
      await run(item);
      done += 1;
    } catch (err) {
      errors.push(`${what} ${String(item)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return done;
}

/**
 * One pass of background work; safe to run on every instance at once (see claim-rows.ts):
 * query due PENDING payments (unless `queries: false`: startWorker runs those every second on
 * their own), close expired ones, expire overdue Checkout Sessions, query PROCESSING refunds, resubmit refunds
 * stuck in CREATED, and reconcile yesterday's bill once per day.
 */
export async function runWorkerTick(
  db: Db,
  wechat: WechatContext,
  s: WorkerSettings,
  now = new Date(),
  o: { queries?: boolean } = {},
): Promise<TickReport> {
  const errors: string[] = [];
  // Every claim is of this context's mode: the simulator never sees a live row, nor WeChat Pay a test one.
  const lease = { now, limit: s.batch, leaseSeconds: s.queryEverySeconds, livemode: wechat.livemode };

  let queried = 0;
  let queriedClaimed = 0;
  if (o.queries !== false) {
    const pass = await runQueryPass(db, wechat, s, now);
    queried = pass.queried;
    queriedClaimed = pass.claimed;
    errors.push(...pass.errors);
  }

  const expired = await claimExpiredPayments(db, lease);
  const closed = await each(expired, "close", errors, (no) => closePayment(db, wechat, no));

  // After the attempts above are closed at WeChat Pay: a session past its expiresAt closes its order.
  const overdue = await claimOverdueSessions(db, { now, limit: s.batch, livemode: wechat.livemode });
  const sessionsExpired = await each(overdue, "expire session", errors, (id) =>
    expireCheckoutSession(db, wechat, id, getConfig().appUrl, { now, reason: "expires_at" }).catch((err: unknown) => {
      // Found paid while closing: nothing to expire.
      if ((err as { code?: unknown })?.code === "SESSION_COMPLETE") return null;
      throw err;
    }),
  );

  const processing = await claimProcessingRefunds(db, lease);
  const refundsQueried = await each(processing, "refund query", errors, (no) => syncRefund(db, wechat, no));

  const stale = await claimStaleCreatedRefunds(db, { ...lease, minAgeSeconds: s.refundResubmitAfterSeconds });
  const refundsResubmitted = await each(stale, "refund resubmit", errors, (id) => submitRefund(db, wechat, id));

  let reconciled: string | null = null;
  const beijingHour = (now.getUTCHours() + 8) % 24;
  if (s.reconcileAfterHour >= 0 && beijingHour >= s.reconcileAfterHour) {
    const billDate = beijingDateBefore(now, 1);
    const reportId = await claimReconciliation(db, billDate, now, wechat.livemode);
    if (reportId) {
      await reconcileInto(db, wechat, reportId, billDate);
      reconciled = billDate;
    }
  }
  const claimed = {
    query: queriedClaimed,
    close: expired.length,
    expire_session: overdue.length,
    refund_query: processing.length,
    refund_resubmit: stale.length,
  };
  return { queried, closed, sessionsExpired, refundsQueried, refundsResubmitted, reconciled, errors, claimed };
}

/** One report for the passes of several contexts (live and test mode), for the log and metrics. */
export function mergeTickReports(reports: TickReport[]): TickReport {
  const sum = (pick: (r: TickReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  const jobs = ["query", "close", "expire_session", "refund_query", "refund_resubmit"] as const;
  return {
    queried: sum((r) => r.queried),
    closed: sum((r) => r.closed),
    sessionsExpired: sum((r) => r.sessionsExpired),
    refundsQueried: sum((r) => r.refundsQueried),
    refundsResubmitted: sum((r) => r.refundsResubmitted),
    reconciled: reports.flatMap((r) => (r.reconciled ? [r.reconciled] : [])).join(", ") || null,
    errors: reports.flatMap((r) => r.errors),
    claimed: Object.fromEntries(jobs.map((j) => [j, sum((r) => r.claimed[j])])) as TickReport["claimed"],
  };
}
