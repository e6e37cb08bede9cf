import { parseQuerySchedule } from "./query-schedule";

/** WECHAT_QUERY_RATE's default: active queries per second, all instances together. */
export const DEFAULT_WECHAT_QUERY_RATE = 50;

/** Background-work knobs, read from the environment once (documented in .env.example). */
export interface WorkerSettings {
  /** Time between ticks (WORKER_INTERVAL_MS, default 10 s). Payment queries run every min(1 s, this). */
  intervalMs: number;
  /** Seconds after creation at which a PENDING payment is queried (WORKER_QUERY_SCHEDULE_S; query-schedule.ts). */
  querySchedule: number[];
  /** Upstream active queries per second, shared by all instances (WECHAT_QUERY_RATE, lib/config). */
  queryRate: number;
  /** Query a PROCESSING refund at most this often (WORKER_QUERY_EVERY_S, 60). */
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

/** `queryRate` is the app configuration's WECHAT_QUERY_RATE (validated by lib/config). */
export function workerSettingsFromEnv(
  env: Record<string, string | undefined> = process.env,
  queryRate = DEFAULT_WECHAT_QUERY_RATE,
): WorkerSettings {
  return {
    intervalMs: int(env, "WORKER_INTERVAL_MS", 10_000, 100),
    querySchedule: parseQuerySchedule(env.WORKER_QUERY_SCHEDULE_S),
    queryRate,
    queryEverySeconds: int(env, "WORKER_QUERY_EVERY_S", 60, 1),
    refundResubmitAfterSeconds: int(env, "WORKER_REFUND_RESUBMIT_AFTER_S", 30, 0),
    batch: int(env, "WORKER_BATCH", 20, 1),
    reconcileAfterHour: int(env, "RECONCILE_AFTER_HOUR", 10, -1),
  };
}
