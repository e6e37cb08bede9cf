import { describe, expect, it } from "vitest";
import { metricsAccess } from "./metrics-auth";
import { createDisabledMetrics, getMetrics } from "./metrics";
import { routePattern } from "./route-pattern";

describe("the metrics registry", () => {
  it("is one per process, on globalThis (Next's separate bundles share it)", () => {
    const a = getMetrics();
    expect(getMetrics()).toBe(a);
    expect((globalThis as Record<symbol, unknown>)[Symbol.for("wxpay.metrics")]).toBe(a);
  });

  it("exposes every wxpay_ series and the default process metrics in Prometheus text", async () => {
    const m = getMetrics();
    m.notifications.inc({ event_type: "TRANSACTION.SUCCESS", outcome: "TRANSITIONED", reason: "" });
    m.paymentTransitions.inc({ to: "PAID", source: "notification" });
    m.httpDuration.observe({ method: "POST", route: "/api/v1/orders", status: "201" }, 0.02);
    const text = await m.registry.metrics();
    for (const name of [
      "wxpay_http_request_duration_seconds",
      "wxpay_notifications_total",
      "wxpay_wechatpay_requests_total",
      "wxpay_wechatpay_request_duration_seconds",
      "wxpay_payment_transitions_total",
      "wxpay_refund_transitions_total",
      "wxpay_worker_tick_duration_seconds",
      "wxpay_worker_claimed_rows_total",
      "wxpay_worker_lag_seconds",
      "wxpay_webhook_deliveries_total",
      "wxpay_webhook_backlog",
      "wxpay_webhook_backlog_oldest_age_seconds",
      "process_cpu_seconds_total",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toMatch(/wxpay_payment_transitions_total\{to="PAID",source="notification"\} [1-9]/);
    expect(text).toMatch(
      /wxpay_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/orders",status="201"\} [1-9]/,
    );
    expect(m.registry.contentType).toContain("text/plain");
  });
});

describe("disabled metrics (METRICS_DISABLED=1)", () => {
  it("accept every call the app makes and record nothing", async () => {
    const m = createDisabledMetrics();
    m.notifications.inc({ event_type: "TRANSACTION.SUCCESS", outcome: "TRANSITIONED", reason: "" });
    m.httpDuration.observe({ method: "POST", route: "/api/v1/orders", status: "201" }, 0.02);
    m.workerLag.labels({ job: "close" }).set(3);
    m.workerTickDuration.startTimer()();
    m.webhookBacklog.set(1);
    expect((await m.registry.metrics()).trim()).toBe("");
    // Awaiting a no-op must not hang (it is not a thenable).
    await expect(Promise.resolve(m.webhookBacklog.set(2))).resolves.toBeDefined();
  });
});

describe("route patterns (metric labels)", () => {
  it.each([
    ["/api/v1/products", {}, "/api/v1/products"],
    ["/api/v1/orders/ORD123", { orderNo: "ORD123" }, "/api/v1/orders/[orderNo]"],
    ["/api/v1/checkout/sessions/cs_1/expire", { id: "cs_1" }, "/api/v1/checkout/sessions/[id]/expire"],
    ["/api/v1/admin/orders/orders", { orderNo: "orders" }, "/api/v1/admin/orders/[orderNo]"],
    ["/api/auth/callback/credentials", { nextauth: ["callback", "credentials"] }, "/api/auth/[...nextauth]"],
    ["/api/v1/orders/a%20b", { orderNo: "a b" }, "/api/v1/orders/[orderNo]"],
  ])("%s → its pattern", (path, params, want) => {
    expect(routePattern(path, params)).toBe(want);
  });
});

describe("metrics access", () => {
  const token = "metrics-token-0123456789";
  it("is off without METRICS_TOKEN, open to the right bearer token only", () => {
    expect(metricsAccess(`Bearer ${token}`, undefined)).toBe("disabled");
    expect(metricsAccess(`Bearer ${token}`, token)).toBe("ok");
    expect(metricsAccess(`bearer ${token}`, token)).toBe("ok");
    expect(metricsAccess(null, token)).toBe("unauthorized");
    expect(metricsAccess("Bearer wrong", token)).toBe("unauthorized");
    expect(metricsAccess(`Bearer ${token}x`, token)).toBe("unauthorized");
    expect(metricsAccess(`Basic ${token}`, token)).toBe("unauthorized");
    expect(metricsAccess("Bearer ", token)).toBe("unauthorized");
  });
});
