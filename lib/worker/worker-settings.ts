import type { AppConfig, WorkerConfig } from "@/lib/config";

/** Background-work knobs: lib/config parses them (WORKER_*, RECONCILE_AFTER_HOUR) with the rest. */
export interface WorkerSettings extends Omit<WorkerConfig, "enabled"> {
  /** Upstream active queries per second, shared by all instances (WECHAT_QUERY_RATE). */
  queryRate: number;
}

/** The worker's settings from the app configuration. */
export function workerSettings(config: Pick<AppConfig, "worker" | "wechatQueryRate">): WorkerSettings {
  const { enabled: _enabled, ...worker } = config.worker;
  return { ...worker, queryRate: config.wechatQueryRate };
}
