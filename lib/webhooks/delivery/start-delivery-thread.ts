import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { onEventsWritten as subscribeEventsWritten } from "@/lib/events/events-written";
import { DELIVERY_THREAD_FILE, type FromDeliveryThread, type ToDeliveryThread } from "./delivery-thread-protocol";

type Round = Omit<Extract<FromDeliveryThread, { type: "round" }>, "type">;

interface ThreadDeps {
  /** Counts a round's outcomes (the main thread holds the metrics registry). */
  onRound(r: Round): void;
  log: { info(msg: string): void; warn(msg: string): void; error(obj: object, msg: string): void };
  /** Tests: a private nudge source instead of the process-wide one. */
  onEventsWritten?: (listener: () => void) => () => void;
  /** After the thread dies, how long before it is started again. */
  restartDelayMs?: number;
}

/** The built delivery thread, if this installation has it (`npm run build` writes it). */
export function deliveryThreadFile(cwd = process.cwd()): string | null {
  const file = path.join(cwd, DELIVERY_THREAD_FILE);
  return existsSync(file) ? file : null;
}

/**
 * Runs the webhook delivery loop in a worker thread (delivery-thread.ts) and relays to it this
 * process's eventsWritten nudges (at most one message per event-loop turn). A thread that dies
 * is started again after `restartDelayMs`; the rows it had claimed come due when their lease
 * ends, as after a crash. Returns stop(): the thread finishes its round in flight, closes its
 * pools and exits.
 */
export function startDeliveryThread(file: string, deps: ThreadDeps): () => Promise<void> {
  const restartDelayMs = deps.restartDelayMs ?? 5000;
  let worker: Worker | null = null;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let nudgeQueued = false;
  const post = (w: Worker, m: ToDeliveryThread) => w.postMessage(m);

  const spawn = () => {
    const w = new Worker(file, { name: "webhook-delivery" });
    worker = w;
    w.unref(); // like the loops' timers: it never keeps the process alive by itself
    w.on("message", (m: FromDeliveryThread) => {
      if (m.type === "round") deps.onRound(m);
      else if (m.type === "ready")
        deps.log.info(`webhooks: delivery thread running${m.nice === null ? "" : ` at nice ${m.nice}`}`);
    });
    w.on("error", (err) => deps.log.error({ err }, "webhooks: delivery thread failed"));
    w.on("exit", (code) => {
      if (worker === w) worker = null;
      if (stopping) return;
      deps.log.warn(`webhooks: delivery thread exited (code ${code}); starting it again in ${restartDelayMs} ms`);
      restartTimer = setTimeout(spawn, restartDelayMs);
      restartTimer.unref();
    });
  };

  const unsubscribe = (deps.onEventsWritten ?? subscribeEventsWritten)(() => {
    if (nudgeQueued || !worker) return;
    nudgeQueued = true;
    setImmediate(() => {
      nudgeQueued = false;
      if (worker) post(worker, { type: "nudge" });
    });
  });
  spawn();

  return async () => {
    stopping = true;
    unsubscribe();
    clearTimeout(restartTimer);
    const w = worker;
    if (!w) return;
    await new Promise<void>((resolve) => {
      w.once("exit", () => resolve());
      w.on("message", (m: FromDeliveryThread) => {
        // Its pools are closed: whatever else it holds need not be waited for.
        if (m.type === "stopped") void w.terminate();
      });
      post(w, { type: "stop" });
    });
  };
}
