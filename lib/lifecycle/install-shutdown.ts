import { getConfig } from "@/lib/config";
import { gracefulShutdown, type ShutdownSteps } from "./graceful-shutdown";
import { trackRequests } from "./track-requests";

const KEY = Symbol.for("wxpay.shutdownInstalled");

/**
 * Takes SIGTERM and SIGINT over from `next start` (and the standalone server.js, the same
 * code): Next's own handler closes the server and exits 143 at once, without a drain window,
 * without waiting for the worker, and without closing the pools. Its listeners are already in
 * place when instrumentation runs, so they are removed here. A second signal is ignored: a
 * terminal's Ctrl-C reaches the process both directly and through `npm start`.
 */
export function installGracefulShutdown(steps: Omit<ShutdownSteps, "exit">): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[KEY]) return;
  g[KEY] = true;
  trackRequests();
  const settings = getConfig().shutdown;
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    void gracefulShutdown(signal, settings, { ...steps, exit: (code) => process.exit(code) });
  };
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    for (const l of process.listeners(sig)) process.off(sig, l);
    process.on(sig, onSignal);
  }
}
