// Next calls register() once per server process: it starts the background worker (payment
// queries, expiry closes, refund follow-ups, daily reconciliation) and the webhook delivery loop
// in the app process. WORKER_DISABLED=1 turns both off, e.g. on all but some instances (the row
// claims make several instances safe, so this is about load, not correctness).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.WORKER_DISABLED === "1") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const [
    { getDb },
    { getWechat },
    { startWorker },
    { workerSettingsFromEnv },
    { getConfig },
    { getHotSql },
    { startDeliveryLoop },
    { deliverySettings },
  ] = await Promise.all([
    import("@/lib/db/client"),
    import("@/lib/payments/server"),
    import("@/lib/payments/worker/start-worker"),
    import("@/lib/payments/worker/worker-settings"),
    import("@/lib/config"),
    import("@/lib/db/hot-sql"),
    import("@/lib/webhooks/delivery/delivery-loop"),
    import("@/lib/webhooks/delivery/delivery-settings"),
  ]);
  // Their timers are unref'd: they never keep the process alive on shutdown.
  startWorker({ getDb, getWechat }, workerSettingsFromEnv());
  // On PostgreSQL the loop shares the hot paths' small pg pool (prepared statements); on PGlite
  // it goes through Prisma. It wakes at once when this process writes events (eventsWritten).
  const config = getConfig();
  startDeliveryLoop({ getDb, sql: getHotSql(config.database) }, deliverySettings(config), console);
}
