// Next calls register() once per server process: it starts the background worker (payment
// queries, expiry closes, refund follow-ups, daily reconciliation) in the app process.
// WORKER_DISABLED=1 turns it off, e.g. on all but some instances (the row claims make several
// workers safe, so this is about load, not correctness).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.WORKER_DISABLED === "1") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const [{ getDb }, { getWechat }, { startWorker }, { workerSettingsFromEnv }] = await Promise.all([
    import("@/lib/db/client"),
    import("@/lib/payments/server"),
    import("@/lib/payments/worker/start-worker"),
    import("@/lib/payments/worker/worker-settings"),
  ]);
  // Its timers are unref'd: they never keep the process alive on shutdown.
  startWorker({ getDb, getWechat }, workerSettingsFromEnv());
}
