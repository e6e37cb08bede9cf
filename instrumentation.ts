// Next calls register() once per server process, before it serves requests. It
// 1. checks the configuration and stops the process on an error (so `next start` in production
//    without WECHAT_* and without DEMO_MODE=1 exits instead of quietly running demo mode);
// 2. records every request's socket address for lib/http/client-ip (TRUST_PROXY_HOPS);
// 3. takes over SIGTERM/SIGINT for a graceful stop under `next start` (lib/lifecycle: readiness
//    503 at once, a drain window, in-flight requests answered, loops stopped, pools closed, exit 0);
// 4. starts the background worker (scheduled payment queries within WECHAT_QUERY_RATE, expiry closes, refund follow-ups, daily
//    reconciliation) and the webhook delivery loop (its own thread on PostgreSQL). WORKER_DISABLED=1 turns
//    both off, e.g. on all but some instances (the row claims make several instances safe, so
//    this is about load, not correctness).
export async function register(): Promise<void> {
  // Next's own markers, read before lib/config is loaded (the only process.env reads outside it
  // besides lib/config itself): the edge runtime must not import the Node-only modules below,
  // and `next build` runs register() without the start-time configuration.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { exitOnConfigError } = await import("@/lib/lifecycle/exit-on-config-error");
  const config = exitOnConfigError();
  const { installPeerAddress } = await import("@/lib/http/install-peer-address");
  installPeerAddress();
  const [{ installGracefulShutdown }, { closeDb }, { closeHotSql }, { stopListening }, { getLogger }] =
    await Promise.all([
      import("@/lib/lifecycle/install-shutdown"),
      import("@/lib/db/client"),
      import("@/lib/db/hot-sql"),
      import("@/lib/payments/status-push/payment-status-hub"),
      import("@/lib/observability/logger"),
    ]);
  const stopLoops: (() => Promise<void>)[] = [];
  // `next dev` keeps Next's own handling (a developer's Ctrl-C should not wait for a drain).
  if (config.production) {
    const log = getLogger("shutdown");
    installGracefulShutdown({
      stopLoops,
      closePools: [closeDb, closeHotSql, stopListening],
      log: { info: (m) => log.info(m), warn: (m) => log.warn(m) },
    });
  }
  if (!config.worker.enabled) return;
  const [
    { getDb },
    { getWechat, runningLivemodes },
    { startWorker },
    { workerSettings },
    { getHotSql },
    { startDeliveryLoop },
    { deliverySettings },
    { countDeliveryRound },
    { deliveryThreadFile, startDeliveryThread },
  ] = await Promise.all([
    import("@/lib/db/client"),
    import("@/lib/payments/mode-contexts"),
    import("@/lib/worker/start-worker"),
    import("@/lib/worker/worker-settings"),
    import("@/lib/db/hot-sql"),
    import("@/lib/webhooks/delivery/delivery-loop"),
    import("@/lib/webhooks/delivery/delivery-settings"),
    import("@/lib/observability/webhook-metrics"),
    import("@/lib/webhooks/delivery/start-delivery-thread"),
  ]);
  // Their timers are unref'd: they never keep the process alive; a graceful stop awaits their rounds.
  const contexts = () => runningLivemodes().map((livemode) => getWechat(livemode));
  stopLoops.push(startWorker({ getDb, contexts }, workerSettings(config), getLogger("worker")));
  // On PostgreSQL the delivery loop runs in its own worker thread (lib/webhooks/delivery/
  // delivery-thread.ts, built by `npm run build`) at a lower CPU priority, so signing and POSTing
  // never take the notification route's thread; on PGlite it runs here through Prisma. Either
  // way it wakes at once when this process writes events (eventsWritten).
  const log = getLogger("webhooks");
  // `next dev` keeps it here too, so edits to the delivery code reload like the rest.
  const wantThread = config.production && config.database.kind === "postgres" && config.webhooks.deliveryThread;
  const threadFile = wantThread ? deliveryThreadFile() : null;
  if (threadFile) {
    stopLoops.push(
      startDeliveryThread(threadFile, {
        onRound: countDeliveryRound,
        log: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (o, m) => log.error(o, m) },
      }),
    );
    return;
  }
  if (wantThread)
    log.warn("webhooks: the delivery thread is not built (npm run build); delivering from the request thread");
  stopLoops.push(
    startDeliveryLoop(
      { getDb, sql: getHotSql(config.database), onRound: countDeliveryRound },
      deliverySettings(config),
      log,
    ),
  );
}
