// HEAVY (≈20–30 s): logs, metrics and health of the built app, all real parts: two `next start`
// instances on one PostgreSQL schema with the worker on and METRICS_TOKEN set, the simulator
// paying over HTTP. Proves: /api/metrics wants the bearer token (401) and serves Prometheus text
// (200) whose named series move when a payment is made; every log line of one request carries
// its id (stdout captured); readiness is 200 here and 503 naming the database on an instance
// whose DATABASE_URL points at a closed port (the shared server is never touched), while
// liveness stays 200. (Without METRICS_TOKEN the route is 404: tests/observability/readiness-and-routes.)
// Needs the build (`next build`): it fails, not skips, when the build is missing under CI.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSecret, generateApiKeySecret, hashApiKeySecret } from "@/lib/api-keys/api-key-secret";
import { randomBase62 } from "@/lib/ids/random-base62";
import { builtAppAvailable, startNotifyCluster, type NotifyCluster } from "@/scripts/notify-cluster";

const TOKEN = `metrics-${randomBase62(24)}`;
let c: NotifyCluster | null = null;
let apiKey = "";
const logs: Record<string, unknown>[][] = [[], []];

beforeAll(async () => {
  if (!(await builtAppAvailable())) return;
  c = await startNotifyCluster({
    instances: 2,
    mode: "next",
    env: { WORKER_DISABLED: "0", WORKER_INTERVAL_MS: "500", METRICS_TOKEN: TOKEN, LOG_LEVEL: "info" },
    onStdout: (line, i) => {
      try {
        logs[i]!.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // Next's own banner ("▲ Next.js …", "✓ Ready"): not ours.
      }
    },
  });
  apiKey = generateApiKeySecret("test");
  await c.db.apiKey.create({
    data: {
      livemode: false,
      name: "observability test",
      scopes: ["checkout:write", "checkout:read"],
      ...describeSecret(apiKey),
      secretHash: hashApiKeySecret(apiKey),
      createdBy: "test",
    },
  });
}, 120_000);
afterAll(async () => {
  await c?.stop();
}, 30_000);

async function api<T>(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${c!.urls[0]}${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${apiKey}`,
      "Content-Type": "application/json",
      Origin: c!.urls[0]!,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, data: (await res.json()) as T };
}

const scrape = async (i = 0) => {
  const res = await fetch(`${c!.urls[i]}/api/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
};

/** The value of one series (exact label set as Prometheus prints it), 0 when absent. */
function value(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    v = await fn();
  }
  return v;
}

const PAID = 'wxpay_payment_transitions_total{to="PAID",source="notification"}';
const NOTIFIED = 'wxpay_notifications_total{event_type="TRANSACTION.SUCCESS",outcome="TRANSITIONED",reason=""}';
const NATIVE = 'wxpay_wechatpay_requests_total{endpoint="pay.transactions.native",status="200",code=""}';
const NATIVE_LATENCY =
  'wxpay_wechatpay_request_duration_seconds_count{endpoint="pay.transactions.native",status="200"}';
const NOTIFY_HTTP =
  'wxpay_http_request_duration_seconds_count{method="POST",route="/api/v1/payments/wechat/notify",status="204"}';
const SESSION_HTTP =
  'wxpay_http_request_duration_seconds_count{method="POST",route="/api/v1/checkout/sessions",status="201"}';

describe("logs, metrics and health of the built app", () => {
  it("/api/metrics: 401 without or with a wrong bearer token, Prometheus text with the right one", async (ctx) => {
    if (!c) return ctx.skip();
    const none = await fetch(`${c.urls[0]}/api/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    const wrong = await fetch(`${c.urls[0]}/api/metrics`, { headers: { Authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const text = await scrape();
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
      "process_resident_memory_bytes",
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    expect(text).toMatch(/^wxpay_webhook_backlog \d+$/m);
  });

  it("the series move when a payment is made through the simulator, and one request's log lines share its id", async (ctx) => {
    if (!c) return ctx.skip();
    const before = await scrape();
    const session = await api<{ orderNo: string }>(
      "/api/v1/checkout/sessions",
      {
        lineItems: [{ name: "Metrics test", unitAmountFen: 1234, quantity: 1 }],
        successUrl: "http://127.0.0.1:4010/ok",
      },
      { "Idempotency-Key": `obs-${randomBase62(12)}` },
    );
    expect(session.status, JSON.stringify(session.data)).toBe(201);

    const requestId = `obs-${randomBase62(16)}`;
    const placed = await api<{ outTradeNo: string }>(
      "/api/v1/payments/wechat/native",
      { orderNo: session.data.orderNo },
      { "x-request-id": requestId },
    );
    expect(placed.status, JSON.stringify(placed.data)).toBe(200);
    expect(placed.headers.get("x-request-id")).toBe(requestId);

    const pay = await fetch(`${c.sim.url}/_sim/orders/${placed.data.outTradeNo}/pay`, {
      method: "POST",
      body: "{}",
      headers: { "Content-Type": "application/json" },
    });
    expect(pay.ok).toBe(true);

    const after = await eventually(scrape, (t) => value(t, PAID) > value(before, PAID));
    expect(value(after, PAID)).toBe(value(before, PAID) + 1);
    expect(value(after, NOTIFIED)).toBe(value(before, NOTIFIED) + 1);
    expect(value(after, NOTIFY_HTTP)).toBe(value(before, NOTIFY_HTTP) + 1);
    expect(value(after, SESSION_HTTP)).toBe(value(before, SESSION_HTTP) + 1);
    expect(value(after, NATIVE)).toBe(value(before, NATIVE) + 1);
    expect(value(after, NATIVE_LATENCY)).toBe(value(before, NATIVE_LATENCY) + 1);
    // The worker ticks every 500 ms here: its histogram counts and its heartbeat is recent.
    expect(value(after, "wxpay_worker_tick_duration_seconds_count")).toBeGreaterThan(0);
    expect(Date.now() / 1000 - value(after, "wxpay_worker_last_tick_timestamp_seconds")).toBeLessThan(30);

    // The prepay request wrote (at least) the WeChat Pay call and the access line, both with its id.
    const mine = await eventually(
      async () => logs[0]!.filter((l) => l.requestId === requestId),
      (lines) => lines.some((l) => l.msg === "request"),
    );
    const call = mine.find((l) => l.msg === "wechatpay call");
    expect(call, JSON.stringify(mine)).toMatchObject({
      level: "info",
      component: "wechatpay",
      endpoint: "pay.transactions.native",
      status: "200",
    });
    expect(typeof call!.wechatpayRequestId).toBe("string");
    expect(mine.find((l) => l.msg === "request")).toMatchObject({
      component: "http",
      route: "/api/v1/payments/wechat/native",
      status: 200,
    });
    // No other request's lines carry that id; every access line carries some id.
    // (How many requests log at info varies: 2xx notifications and session creations log at debug.)
    const access = logs[0]!.filter((l) => l.msg === "request");
    expect(access.length).toBeGreaterThan(0);
    expect(access.every((l) => typeof l.requestId === "string")).toBe(true);
    expect(access.filter((l) => l.requestId === requestId)).toHaveLength(1);
    // Nothing secret made it to stdout.
    const all = JSON.stringify(logs[0]);
    expect(all).not.toContain(apiKey);
    expect(all).not.toContain(TOKEN);
  });

  it("readiness: 200 here, 503 naming the database where DATABASE_URL points at a closed port; liveness stays 200", async (ctx) => {
    if (!c) return ctx.skip();
    const ready = await fetch(`${c.urls[0]}/api/health/ready`);
    const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(ready.status, JSON.stringify(body)).toBe(200);
    expect(body.checks).toEqual({
      config: { ok: true },
      database: { ok: true },
      migrations: { ok: true },
      worker: { ok: true },
    });
    expect((await fetch(`${c.urls[0]}/api/health`)).status).toBe(200);

    await c.kill(1);
    const dead = new URL(c.databaseUrl);
    dead.port = "1";
    await c.restart(1, { DATABASE_URL: dead.toString() });
    const started = Date.now();
    const notReady = await fetch(`${c.urls[1]}/api/health/ready`);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(notReady.status).toBe(503);
    const failed = (await notReady.json()) as { status: string; failing: string[]; checks: Record<string, unknown> };
    expect(failed.status).toBe("unavailable");
    expect(failed.failing).toContain("database");
    expect(JSON.stringify(failed)).not.toContain("127.0.0.1");
    expect((await fetch(`${c.urls[1]}/api/health`)).status).toBe(503);
    const live = await fetch(`${c.urls[1]}/api/health/live`);
    expect(live.status).toBe(200);
  });
});
