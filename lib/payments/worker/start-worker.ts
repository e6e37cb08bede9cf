import type { Db } from "@/lib/db/create-prisma";
import type { WechatContext } from "../wechat-context";
import { runWorkerTick } from "./run-worker-tick";
import type { WorkerSettings } from "./worker-settings";

export interface WorkerDeps {
  getDb(): Promise<Db>;
  getWechat(): WechatContext;
}

/**
 * Runs runWorkerTick every `intervalMs` until stopped. Ticks never overlap within a process
 * (the next is scheduled when one ends); across processes the row claims keep work single.
 */
export function startWorker(
  deps: WorkerDeps,
  settings: WorkerSettings,
  log: Pick<Console, "warn" | "info"> = console,
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const r = await runWorkerTick(await deps.getDb(), deps.getWechat(), settings);
      for (const e of r.errors.slice(0, 5)) log.warn(`worker: ${e}`);
      if (r.queried + r.closed + r.refundsQueried + r.refundsResubmitted > 0 || r.reconciled) {
        log.info(
          `worker: queried ${r.queried}, closed ${r.closed}, refunds queried ${r.refundsQueried}, resubmitted ${r.refundsResubmitted}${r.reconciled ? `, reconciled ${r.reconciled}` : ""}`,
        );
      }
    } catch (err) {
      log.warn(`worker: tick failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      if (!stopped) {
        timer = setTimeout(tick, settings.intervalMs);
        timer.unref();
      }
    }
  };
  timer = setTimeout(tick, Math.min(settings.intervalMs, 2000));
  timer.unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
