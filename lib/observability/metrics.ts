import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { getConfig } from "@/lib/config";

// Every metric the app exposes at GET /api/metrics (docs/operations.md lists them). One registry
// per process, kept on globalThis: Next bundles route handlers and instrumentation separately,
// and the worker (instrumentation's graph) must count into the registry the route scrapes.
// Counters and histograms only on request paths (no I/O); gauges that need a query are set at
// the worker tick (lag) or on scrape (webhook backlog).

function createMetrics() {
  const registry = new Registry();
  // Standard names (process_*, nodejs_*) so stock Node.js dashboards work unchanged.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: "wxpay_http_request_duration_seconds",
      help: "Route handler duration by method, route pattern and status",
      labelNames: ["method", "route", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    notifications: new Counter({
      name: "wxpay_notifications_total",
      help: "WeChat Pay notifications received, by event type, outcome (TRANSITIONED, UNCHANGED, DUPLICATE, IGNORED, FLAGGED, REJECTED, FAILED) and reason",
      labelNames: ["event_type", "outcome", "reason"] as const,
      registers,
    }),
    wechatpayRequests: new Counter({
      name: "wxpay_wechatpay_requests_total",
      help: "HTTP calls to WeChat Pay (each attempt), by endpoint, status (HTTP status, timeout, network) and error code",
      labelNames: ["endpoint", "status", "code"] as const,
      registers,
    }),
    wechatpayDuration: new Histogram({
      name: "wxpay_wechatpay_request_duration_seconds",
      help: "Latency of HTTP calls to WeChat Pay (each attempt), by endpoint and status",
      labelNames: ["endpoint", "status"] as const,
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    }),
    paymentTransitions: new Counter({
      name: "wxpay_payment_transitions_total",
      help: "Payment state changes, by target state and what caused them (notification, query, response)",
      labelNames: ["to", "source"] as const,
      registers,
    }),
    refundTransitions: new Counter({
      name: "wxpay_refund_transitions_total",
      help: "Refund state changes, by target state and what caused them (notification, query, response)",
      labelNames: ["to", "source"] as const,
      registers,
    }),
    workerTickDuration: new Histogram({
      name: "wxpay_worker_tick_duration_seconds",
      help: "Duration of one background worker tick",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    workerTicks: new Counter({
      name: "wxpay_worker_ticks_total",
      help: "Background worker ticks, by result (ok, failed)",
      labelNames: ["result"] as const,
      registers,
    }),
    workerClaimed: new Counter({
      name: "wxpay_worker_claimed_rows_total",
      help: "Rows claimed by the background worker, by job",
      labelNames: ["job"] as const,
      registers,
    }),
    workerItemErrors: new Counter({
      name: "wxpay_worker_item_errors_total",
      help: "Claimed items whose work failed (retried on a later tick)",
      registers,
    }),
    workerLag: new Gauge({
      name: "wxpay_worker_lag_seconds",
      help: "Age of the oldest row due for the worker and not yet done, by job (close, refund_resubmit); 0 when none; set at each tick",
      labelNames: ["job"] as const,
      registers,
    }),
    workerLastTick: new Gauge({
      name: "wxpay_worker_last_tick_timestamp_seconds",
      help: "Unix time the last worker tick ended (the readiness heartbeat)",
      registers,
    }),
    webhookDeliveries: new Counter({
      name: "wxpay_webhook_deliveries_total",
      help: "Webhook delivery attempts by outcome (delivered, retrying, failed) and claimed deliveries handed back (released)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    webhookBacklog: new Gauge({
      name: "wxpay_webhook_backlog",
      help: "Webhook deliveries PENDING (not yet delivered, not given up), read on scrape",
      registers,
    }),
    webhookBacklogAge: new Gauge({
      name: "wxpay_webhook_backlog_oldest_age_seconds",
      help: "Age of the oldest PENDING webhook delivery, read on scrape; 0 when none",
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

// Any property, any call, any depth: itself. Not thenable (`then` is undefined), so an awaited
// call resolves at once instead of hanging.
const NOOP: unknown = new Proxy(() => NOOP, { get: (_t, prop) => (prop === "then" ? undefined : NOOP) });

/**
 * METRICS_DISABLED=1: the same shape, but inc/observe/set/labels/startTimer do nothing and no
 * default process metrics are collected, so the cost of metrics can be measured against none at
 * all (bench/overhead.ts). The registry is a real, empty one.
 */
export function createDisabledMetrics(): Metrics {
  const disabled = new Proxy(
    { registry: new Registry() },
    { get: (target, prop) => (prop === "registry" ? target.registry : NOOP) },
  );
  return disabled as unknown as Metrics;
}

/** False under METRICS_DISABLED=1 (then getMetrics() records nothing). */
export function metricsEnabled(): boolean {
  try {
    return getConfig().observability.metricsEnabled;
  } catch {
    // A broken configuration is reported elsewhere; counting meanwhile does no harm.
    return true;
  }
}

const KEY = Symbol.for("wxpay.metrics");
const holder = globalThis as Record<symbol, Metrics | undefined>;

/** The process's metrics (created on first use, then shared by every module graph). */
export function getMetrics(): Metrics {
  return (holder[KEY] ??= metricsEnabled() ? createMetrics() : createDisabledMetrics());
}
