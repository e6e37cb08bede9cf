// The webhook delivery loop on its own thread (worker_threads), started by
// start-delivery-thread.ts on PostgreSQL. Signing, the HTTP client and rendering cost the
// notification route's thread about as much as a third of a notification each; here they run
// beside it, with their own pg pool and Prisma client, and at a lower CPU priority
// (WEBHOOK_DELIVERY_NICE): when the machine is saturated, acknowledging WeChat Pay comes first,
// and deliveries (asynchronous, retried, at-least-once) catch up when it is not. The claims,
// leases and fencing are the same as in-process: several instances and threads stay safe.
// Built to plain JavaScript by scripts/build-scripts.mjs (DELIVERY_THREAD_FILE).
import { parentPort } from "node:worker_threads";
import { getConfig } from "@/lib/config";
import { closePrisma, createPrisma } from "@/lib/db/create-prisma";
import { createSqlPool, poolRunner } from "@/lib/db/hot-sql";
import { getLogger } from "@/lib/observability/logger";
import { lowerThreadPriority } from "./lower-thread-priority";
import { startDeliveryLoop } from "./delivery-loop";
import { deliverySettings } from "./delivery-settings";
import type { FromDeliveryThread, ToDeliveryThread } from "./delivery-thread-protocol";

// A round runs its statements one after another (record and release side by side).
const POOL_SIZE = 2;

async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const config = getConfig();
  const log = getLogger("webhooks");
  if (config.database.kind !== "postgres") throw new Error("the delivery thread runs on PostgreSQL only");
  const send = (m: FromDeliveryThread) => port.postMessage(m);
  let nice: number | null = null;
  try {
    nice = lowerThreadPriority(config.webhooks.deliveryNice) === null ? null : config.webhooks.deliveryNice;
  } catch (err) {
    log.warn({ err }, "webhooks: could not lower the delivery thread's priority");
  }
  const db = await createPrisma(config.database, { poolSize: POOL_SIZE });
  const pool = createSqlPool(config.database, POOL_SIZE);
  const nudges = new Set<() => void>();
  const stop = startDeliveryLoop(
    {
      getDb: async () => db,
      sql: poolRunner(pool),
      onEventsWritten: (listener) => {
        nudges.add(listener);
        return () => nudges.delete(listener);
      },
      onRound: (r) =>
        send({ type: "round", delivered: r.delivered, retrying: r.retrying, failed: r.failed, released: r.released }),
    },
    deliverySettings(config),
    log,
  );
  port.on("message", (m: ToDeliveryThread) => {
    if (m.type === "nudge") for (const l of nudges) l();
    else if (m.type === "stop") {
      void (async () => {
        await stop();
        await Promise.allSettled([closePrisma(db), pool.end()]);
        send({ type: "stopped" });
        port.close();
      })();
    }
  });
  send({ type: "ready", nice });
}

if (!parentPort) throw new Error("delivery-thread.ts runs as a worker thread (start-delivery-thread.ts)");
main(parentPort).catch((err: unknown) => {
  // The main thread sees the thread exit with an error and starts it again after a pause.
  getLogger("webhooks").error({ err }, "webhooks: delivery thread failed to start");
  throw err;
});
