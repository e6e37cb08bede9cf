import type { Db } from "@/lib/db/create-prisma";
import { getLogger } from "@/lib/observability/logger";
import { getMetrics } from "@/lib/observability/metrics";
import { workerBeat } from "@/lib/observability/worker-heartbeat";
import type { WechatContext } from "@/lib/payments/wechat-context";
import { measureLag } from "./measure-lag";
import { runQueryPass } from "./run-query-pass";
import { mergeTickReports, runWorkerTick } from "./run-worker-tick";
import type { WorkerSettings } from "./worker-settings";

interface WorkerDeps {
  getDb(): Promise<Db>;
  /** Every WeChat Pay context this deployment runs (live, test mode's simulator): each gets its own pass. */
  contexts(): WechatContext[];
}

/**
 * Runs runWorkerTick every `intervalMs`, and the payment query pass (query-schedule.ts, bounded
 * by WECHAT_QUERY_RATE) every min(1 s, intervalMs), until stopped. Neither loop overlaps itself
 * within a process (the next run is scheduled when one ends); across processes the row claims
 * keep work single. The returned stop() resolves once the passes running now have finished.
 */
export function startWorker(
  deps: WorkerDeps,
  settings: WorkerSettings,
  log: Pick<Console, "warn" | "info"> = getLogger("worker"),
): () => Promise<void> {
  let stopped = false;
  // The passes running now: stop() waits for them, so a claim is finished, not abandoned.
  const running = new Set<Promise<void>>();
  const track = (pass: () => Promise<void>) => () => {
    const p = pass().finally(() => running.delete(p));
    running.add(p);
  };
  let timer: NodeJS.Timeout | undefined;
  let queryTimer: NodeJS.Timeout | undefined;
  const m = getMetrics();
  workerBeat(settings.intervalMs);
  const queryEveryMs = Math.min(1_000, settings.intervalMs);
  let queriedSinceTick = 0; // reported with the next tick's line, not every second
  const queries = track(async () => {
    try {
      for (const wechat of deps.contexts()) {
        const r = await runQueryPass(await deps.getDb(), wechat, settings);
        queriedSinceTick += r.queried;
        if (r.claimed) m.workerClaimed.inc({ job: "query" }, r.claimed);
        if (r.errors.length) m.workerItemErrors.inc(r.errors.length);
        for (const e of r.errors.slice(0, 5)) log.warn(`worker: ${e}`);
      }
    } catch (err) {
      log.warn(`worker: query pass failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      if (!stopped) {
        queryTimer = setTimeout(queries, queryEveryMs);
        queryTimer.unref();
      }
    }
  });
  const tick = track(async () => {
    workerBeat();
    const endTimer = m.workerTickDuration.startTimer();
    try {
      const db = await deps.getDb();
      const reports = [];
      for (const wechat of deps.contexts())
        reports.push(await runWorkerTick(db, wechat, settings, new Date(), { queries: false }));
      const r = mergeTickReports(reports);
      r.queried += queriedSinceTick;
      queriedSinceTick = 0;
      for (const [job, n] of Object.entries(r.claimed)) if (n) m.workerClaimed.inc({ job }, n);
      if (r.errors.length) m.workerItemErrors.inc(r.errors.length);
      const lag = await measureLag(db, settings);
      m.workerLag.set({ job: "close" }, lag.close);
      m.workerLag.set({ job: "refund_resubmit" }, lag.refundResubmit);
      m.workerTicks.inc({ result: "ok" });
      for (const e of r.errors.slice(0, 5)) log.warn(`worker: ${e}`);
      if (r.queried + r.closed + r.refundsQueried + r.refundsResubmitted > 0 || r.reconciled) {
        log.info(
          `worker: queried ${r.queried}, closed ${r.closed}, refunds queried ${r.refundsQueried}, resubmitted ${r.refundsResubmitted}${r.reconciled ? `, reconciled ${r.reconciled}` : ""}`,
        );
      }
    } catch (err) {
      m.workerTicks.inc({ result: "failed" });
      log.warn(`worker: tick failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      endTimer();
      workerBeat();
      m.workerLastTick.set(Date.now() / 1000);
      if (!stopped) {
        timer = setTimeout(tick, settings.intervalMs);
        timer.unref();
      }
    }
  });
  timer = setTimeout(tick, Math.min(settings.intervalMs, 2000));
  timer.unref();
  queryTimer = setTimeout(queries, queryEveryMs);
  queryTimer.unref();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(queryTimer);
    await Promise.allSettled([...running]);
  };
}
