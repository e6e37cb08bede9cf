/** Background-work knobs, read from the environment once (documented in .env.example). */
export interface WorkerSettings {
  /** Time between ticks (WORKER_INTERVAL_MS, default 10 s). */
  intervalMs: number;
  /** A PENDING payment younger than this is left to its notification (WORKER_QUERY_MIN_AGE_S, 60). */
  queryMinAgeSeconds: number;
  /** Query a quiet PENDING payment or PROCESSING refund at most this often (WORKER_QUERY_EVERY_S, 60). */
  queryEverySeconds: number;
  /** Resubmit a refund still CREATED after this long (WORKER_REFUND_RESUBMIT_AFTER_S, 30). */
  refundResubmitAfterSeconds: number;
  /** Rows claimed per job per tick (WORKER_BATCH, 20). */
  batch: number;
  /** Beijing hour from which yesterday's bill is reconciled (RECONCILE_AFTER_HOUR, 10; -1 disables). */
  reconcileAfterHour: number;
}

function int(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min}`);
  return v;
}

export function workerSettingsFromEnv(env: Record<string, string | undefined> = process.env): WorkerSettings {
  return {
    intervalMs: int(env, "WORKER_INTERVAL_MS", 10_000, 100),
    queryMinAgeSeconds: int(env, "WORKER_QUERY_MIN_AGE_S", 60, 0),
    queryEverySeconds: int(env, "WORKER_QUERY_EVERY_S", 60, 1),
    refundResubmitAfterSeconds: int(env, "WORKER_REFUND_RESUBMIT_AFTER_S", 30, 0),
    batch: int(env, "WORKER_BATCH", 20, 1),
    reconcileAfterHour: int(env, "RECONCILE_AFTER_HOUR", 10, -1),
  };
}
