// The background worker's heartbeat, for readiness: set by the worker (instrumentation's module
// graph), read by the health route (another graph), so kept on globalThis.

interface Heartbeat {
  /** Epoch ms of the last tick start or end (the worker's start before its first tick). */
  lastBeatMs: number;
  /** Older than this and the worker counts as stuck. */
  maxAgeMs: number;
}

const KEY = Symbol.for("wxpay.workerHeartbeat");
const holder = globalThis as Record<symbol, Heartbeat | undefined>;

/** Called by the worker: at start (with its interval) and around every tick. */
export function workerBeat(intervalMs?: number): void {
  const current = holder[KEY];
  // A tick may wait on WeChat Pay for minutes while it is down: that is not this instance's fault.
  const maxAgeMs = intervalMs !== undefined ? Math.max(6 * intervalMs, 300_000) : (current?.maxAgeMs ?? 300_000);
  holder[KEY] = { lastBeatMs: Date.now(), maxAgeMs };
}

/** null: the worker never started in this process. */
export function workerHeartbeat(): { ageMs: number; maxAgeMs: number } | null {
  const h = holder[KEY];
  return h ? { ageMs: Date.now() - h.lastBeatMs, maxAgeMs: h.maxAgeMs } : null;
}
