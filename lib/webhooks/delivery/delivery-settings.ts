import type { AppConfig } from "@/lib/config";
import { WEBHOOK_TIMEOUT_MS } from "./post-webhook";

/** How the delivery loop runs; from the validated configuration, tests set every field. */
export interface DeliverySettings {
  appUrl: string;
  allowPrivate: boolean;
  allowLoopback: boolean;
  retryScale: number;
  retentionDays: number;
  /** Per POST, connect + answer (10 s). */
  timeoutMs: number;
  /** Events fanned out and deliveries claimed per round. */
  batch: number;
  /** POSTs in flight at once per round. */
  concurrency: number;
  /** A claimed delivery is left to its claimer this long; must exceed timeoutMs with room to record. */
  leaseSeconds: number;
  /** Poll interval while idle (events written by other instances; retries wake it when due). */
  idleMs: number;
  /**
   * How long a nudge (eventsWritten) waits before its round, so the events of concurrent
   * requests share one round: at 200 events/s, 20 ms turns ~600 one-event rounds a second
   * (six statements each) into ~50 batches, for 20 ms of the 500 ms latency budget.
   */
  nudgeDelayMs: number;
  /**
   * A nudged round starts no sooner than this after the start of the last round that delivered
   * something (round-pacing.ts): under steady traffic, bigger and fewer rounds.
   */
  busyGapMs: number;
  /** Retention runs at most this often. */
  purgeEveryMs: number;
}

export function deliverySettings(config: AppConfig): DeliverySettings {
  return {
    appUrl: config.appUrl,
    allowPrivate: config.webhooks.allowPrivate,
    allowLoopback: config.webhooks.allowLoopback,
    retryScale: config.webhooks.retryScale,
    retentionDays: config.webhooks.retentionDays,
    timeoutMs: WEBHOOK_TIMEOUT_MS,
    batch: 100,
    concurrency: 16,
    leaseSeconds: 60,
    // PGlite is one process's database: every writer of events (notifications, the worker,
    // admin actions) is in this process and nudges the loop, so its poll only backs up a missed
    // nudge; polling twice a second was half the idle server's CPU (2.2 → 1.2 % of a core).
    // On PostgreSQL the poll is how events written by other instances are found.
    idleMs: config.database.kind === "pglite" ? 5000 : 500,
    nudgeDelayMs: 20,
    busyGapMs: 150,
    purgeEveryMs: 3600_000,
  };
}
