// HEAVY (≈25–35 s): outgoing webhooks end to end, all real parts: two `next start` instances of
// the built app on one PostgreSQL schema, the simulator over HTTP paying and notifying, and a
// real receiver that verifies every delivery with the `standardwebhooks` package. Proves the
// issue's list: a paid and refunded Checkout Session announces itself; 100 duplicate
// notifications over two instances make one event id; 500 ×3 then delivered with the same id;
// an event committed before a SIGKILL is delivered after the restart; with the receiver down the
// events are all in GET /api/v1/events; 11 s is a failed attempt and retried; 410 disables the
// endpoint; during a rotation a receiver with only the old secret still verifies.
// Needs the build (`next build`): it fails, not skips, when the build is missing under CI.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSecret, generateApiKeySecret, hashApiKeySecret } from "@/lib/api-keys/api-key-secret";
import { randomBase62 } from "@/lib/ids/random-base62";
import { builtAppAvailable, startNotifyCluster, type NotifyCluster } from "@/scripts/notify-cluster";
import { threadNices } from "@/tests/helpers/thread-nices";
import { startWebhookReceiver, type Received, type WebhookReceiver } from "@/scripts/lib/webhook-receiver";

let c: NotifyCluster | null = null;
const appLines: { i: number; line: string }[] = [];
const METRICS_TOKEN = "webhooks-built-app-metrics";
let apiKey = "";
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  if (!(await builtAppAvailable())) return;
  c = await startNotifyCluster({
    instances: 2,
    mode: "next",
    // The background worker (and with it webhook delivery) runs; retries are 1000× faster.
    // LOG_LEVEL: the delivery thread's start is an info line (the last test reads it).
    env: { WORKER_DISABLED: "0", WEBHOOK_RETRY_SCALE: "0.001", LOG_LEVEL: "info", METRICS_TOKEN },
    onStdout: (line, i) => appLines.push({ i, line }),
  });
  apiKey = generateApiKeySecret("test");
  await c.db.apiKey.create({
    data: {
      livemode: false,
      name: "shop backend",
      scopes: ["checkout:write", "checkout:read", "refunds:write", "orders:read", "events:read"],
      ...describeSecret(apiKey),
      secretHash: hashApiKeySecret(apiKey),
      createdBy: "test",
    },
  });
}, 120_000);
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await c?.stop();
}, 30_000);

const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

/** A receiver and an endpoint (subscribed to everything) pointing at it; other endpoints are switched off. */
async function endpointWith(secrets: string[] = [newSecret()], opts: { previousSecret?: string } = {}) {
  const receiver = await startWebhookReceiver(opts.previousSecret ? [opts.previousSecret] : secrets);
  receivers.push(receiver);
  await c!.db.webhookEndpoint.updateMany({ data: { enabled: false, disabledReason: "DISABLED_BY_ADMIN" } });
  const endpoint = await c!.db.webhookEndpoint.create({
    data: {
      livemode: false,
      id: `we_${randomBase62(24)}`,
      url: receiver.url,
      events: ["*"],
      secret: secrets[0]!,
      previousSecret: opts.previousSecret ?? null,
      previousSecretExpiresAt: opts.previousSecret ? new Date(Date.now() + 24 * 3600_000) : null,
      createdBy: "test",
    },
  });
  return { receiver, endpoint };
}

async function api<T>(i: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${c!.urls[i]}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${apiKey}`,
      "Content-Type": "application/json",
      Origin: c!.urls[i]!,
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, data: (text ? JSON.parse(text) : null) as T };
}

/** A Checkout Session with a Native attempt placed at the simulator (notify_url: instance `i`). */
async function sessionWithAttempt(i = 0, amountFen = 2600) {
  const session = await api<{ id: string; orderNo: string }>(
    i,
    "POST",
    "/api/v1/checkout/sessions",
    {
      lineItems: [{ name: "Webhook test", unitAmountFen: amountFen, quantity: 1 }],
      successUrl: "http://127.0.0.1:4010/ok",
    },
    { "Idempotency-Key": `wh-${randomBase62(12)}` },
  );
  expect(session.status, JSON.stringify(session.data)).toBe(201);
  const placed = await api<{ outTradeNo: string }>(i, "POST", "/api/v1/payments/wechat/native", {
    orderNo: session.data.orderNo,
  });
  expect(placed.status, JSON.stringify(placed.data)).toBe(200);
  return { ...session.data, outTradeNo: placed.data.outTradeNo };
}

const pay = (outTradeNo: string) =>
  fetch(`${c!.sim.url}/_sim/orders/${outTradeNo}/pay`, {
    method: "POST",
    body: "{}",
    headers: { "Content-Type": "application/json" },
  });

const ofOrder = (orderNo: string) => (r: Received) => r.body.data.object.orderNo === orderNo;
const types = (got: Received[]) => got.map((r) => r.type);

describe("outgoing webhooks through the built app", () => {
  it("a paid, then refunded session: completed, succeeded, refund created and succeeded — all verified", async (ctx) => {
    if (!c) return ctx.skip();
    const { receiver } = await endpointWith();
    const s = await sessionWithAttempt(0);
    expect((await pay(s.outTradeNo)).status).toBe(200);
    await receiver.until((got) => got.filter(ofOrder(s.orderNo)).length >= 2);
    const refund = await api<{ id: string; status: string }>(
      1,
      "POST",
      "/api/v1/refunds",
      { orderNo: s.orderNo, amountFen: 1000, reason: "webhook test" },
      { "Idempotency-Key": `rf-${randomBase62(12)}` },
    );
    expect(refund.status).toBe(201);
    const got = (await receiver.until((all) => all.filter(ofOrder(s.orderNo)).length >= 4)).filter(ofOrder(s.orderNo));
    expect(got.every((r) => r.verified)).toBe(true);
    expect(new Set(types(got))).toEqual(
      new Set(["checkout.session.completed", "payment.succeeded", "refund.created", "refund.succeeded"]),
    );
    const completed = got.find((r) => r.type === "checkout.session.completed")!;
    expect(completed.body.data.object).toMatchObject({ id: s.id, object: "checkout.session", status: "complete" });
    expect(completed.id).toMatch(/^evt_[0-9A-Za-z]{24}$/);
    const succeeded = got.find((r) => r.type === "refund.succeeded")!;
    expect(succeeded.body.data.object).toMatchObject({ id: refund.data.id, status: "SUCCESS", amountFen: 1000 });
    // Every id once (a healthy receiver answered 204 the first time).
    expect(new Set(got.map((r) => r.id)).size).toBe(got.length);
  });

  it("100 duplicate notifications over two instances: one payment.succeeded event id", async (ctx) => {
    if (!c) return ctx.skip();
    const { receiver } = await endpointWith();
    // Capture the simulator's genuine notification instead of letting it reach the app.
    let captured: { body: string; headers: Record<string, string> } | null = null;
    const http = await import("node:http");
    const trap = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (b: Buffer) => chunks.push(b));
      req.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === "string" && (k.startsWith("wechatpay-") || k === "request-id" || k === "content-type"))
            headers[k] = v;
        captured = { body: Buffer.concat(chunks).toString("utf8"), headers };
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => trap.listen(0, "127.0.0.1", r));
    try {
      const outTradeNo = `WH${Date.now()}`;
      const { code_url } = await c.wechat.client.createNativeOrder({
        outTradeNo,
        description: "重复通知",
        amountFen: 3300,
        notifyUrl: `http://127.0.0.1:${(trap.address() as { port: number }).port}/notify`,
      });
      const order = await c.db.order.create({
        data: { livemode: false, orderNo: `O-${outTradeNo}`, totalFen: 3300, description: "重复通知" },
      });
      await c.db.paymentAttempt.create({
        data: {
          livemode: false,
          orderId: order.id,
          outTradeNo,
          channel: "NATIVE",
          amountFen: 3300,
          codeUrl: code_url,
          mchid: c.wechat.merchant.mchId,
          appid: c.wechat.merchant.appId,
          expiresAt: new Date(Date.now() + 3600_000),
        },
      });
      await pay(outTradeNo);
      for (let i = 0; i < 100 && !captured; i += 1) await new Promise((r) => setTimeout(r, 20));
      const n = captured as unknown as { body: string; headers: Record<string, string> };
      expect(n).not.toBeNull();
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          fetch(c!.notifyUrl(i % 2), { method: "POST", body: n.body, headers: n.headers }).then((r) => r.status),
        ),
      );
      expect(answers.every((s) => s === 200 || s === 204)).toBe(true);
      await receiver.until((got) => got.some((r) => r.body.data.object.orderNo === order.orderNo));
      await new Promise((r) => setTimeout(r, 1000)); // room for a second event, were one written
      const mine = receiver.received.filter((r) => r.body.data.object.orderNo === order.orderNo);
      expect(new Set(mine.map((r) => r.id)).size).toBe(1);
      expect(types(mine).every((t) => t === "payment.succeeded")).toBe(true);
      expect(await c.db.event.count({ where: { orderId: order.id } })).toBe(1);
    } finally {
      trap.close();
    }
  });

  it("a receiver answering 500 three times gets it on the 4th attempt, with the same webhook-id", async (ctx) => {
    if (!c) return ctx.skip();
    const { receiver } = await endpointWith();
    receiver.answer = (_r, n) => ({ status: n < 3 ? 500 : 204 });
    const s = await sessionWithAttempt(1);
    await pay(s.outTradeNo);
    const got = await receiver.until(
      (all) => all.filter((r) => r.type === "checkout.session.completed" && ofOrder(s.orderNo)(r)).length >= 4,
    );
    const attempts = got.filter((r) => r.type === "checkout.session.completed" && ofOrder(s.orderNo)(r));
    expect(attempts).toHaveLength(4);
    expect(new Set(attempts.map((r) => r.id)).size).toBe(1);
    expect(attempts.every((r) => r.verified)).toBe(true);
    // The attempt is recorded after the receiver answered it: wait for that write, not just the POST.
    const delivery = () =>
      c!.db.webhookDelivery.findFirstOrThrow({
        where: { eventId: attempts[0]!.id },
        include: { attempts: { orderBy: { attemptedAt: "asc" } } },
      });
    await expect.poll(async () => (await delivery()).status, { timeout: 10_000 }).toBe("DELIVERED");
    expect((await delivery()).attempts.map((a) => a.statusCode)).toEqual([500, 500, 500, 204]);
  });

  it("an event committed before a SIGKILL is delivered after the restart", async (ctx) => {
    if (!c) return ctx.skip();
    const { receiver } = await endpointWith();
    // Instance 1 alone, without its background work: the payment commits, nothing delivers it.
    await c.kill(0);
    await c.kill(1);
    await c.restart(1, { WORKER_DISABLED: "1" });
    const s = await sessionWithAttempt(1);
    await pay(s.outTradeNo);
    const deadline = Date.now() + 10_000;
    let order = await c.db.order.findUniqueOrThrow({ where: { orderNo: s.orderNo } });
    while (order.status !== "PAID") {
      if (Date.now() > deadline) throw new Error("the payment never committed");
      await new Promise((r) => setTimeout(r, 50));
      order = await c.db.order.findUniqueOrThrow({ where: { orderNo: s.orderNo } });
    }
    expect(await c.db.event.count({ where: { orderId: order.id } })).toBe(2);
    await c.kill(1, "SIGKILL");
    expect(receiver.received.filter(ofOrder(s.orderNo))).toEqual([]);
    await Promise.all([c.restart(0), c.restart(1)]);
    const got = await receiver.until((all) => all.filter(ofOrder(s.orderNo)).length >= 2);
    expect(new Set(types(got.filter(ofOrder(s.orderNo))))).toEqual(
      new Set(["checkout.session.completed", "payment.succeeded"]),
    );
  });

  it("with the receiver down for the whole run, every event is in GET /api/v1/events", async (ctx) => {
    if (!c) return ctx.skip();
    const { receiver, endpoint } = await endpointWith();
    await receiver.close(); // nothing listens on its port any more
    const s = await sessionWithAttempt(0);
    await pay(s.outTradeNo);
    const order = await c.db.order.findUniqueOrThrow({ where: { orderNo: s.orderNo } });
    const expected = async () => c!.db.event.count({ where: { orderId: order.id } });
    const deadline = Date.now() + 10_000;
    while ((await expected()) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const seen: { id: string; type: string; data: { object: { orderNo?: string; id?: string } } }[] = [];
    let after = "";
    for (let page = 0; page < 50; page += 1) {
      const r = await api<{ data: typeof seen; hasMore: boolean }>(
        page % 2,
        "GET",
        `/api/v1/events?limit=100${after ? `&after=${after}` : ""}`,
      );
      expect(r.status).toBe(200);
      seen.push(...r.data.data);
      if (!r.data.hasMore) break;
      after = r.data.data.at(-1)!.id;
    }
    const mine = seen.filter((e) => e.data.object.orderNo === s.orderNo || e.data.object.id === s.id);
    expect(new Set(mine.map((e) => e.type))).toEqual(new Set(["checkout.session.completed", "payment.succeeded"]));
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length); // no event twice across pages
    // The deliveries failed (connection refused) and wait for their next attempt.
    const deliveries = await c.db.webhookDelivery.findMany({
      where: { endpointId: endpoint.id },
      include: { attempts: true },
    });
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    expect(
      deliveries.every((d) => d.status !== "DELIVERED" && d.attempts.every((a) => a.statusCode === null && a.error)),
    ).toBe(true);
  });

  it("11 s is a failed attempt and is retried; 410 Gone disables the endpoint", async (ctx) => {
    if (!c) return ctx.skip();
    const { receiver, endpoint } = await endpointWith();
    receiver.answer = (_r, n) => (n === 0 ? { status: 204, delayMs: 11_000 } : { status: 410 });
    const s = await sessionWithAttempt(0);
    await pay(s.outTradeNo);
    await receiver.until((all) => all.filter((r) => ofOrder(s.orderNo)(r)).length >= 3, 30_000);
    const deadline = Date.now() + 10_000;
    let ep = await c.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    while (ep.enabled && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      ep = await c.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    }
    expect([ep.enabled, ep.disabledReason]).toEqual([false, "GONE"]);
    const attempts = await c.db.webhookAttempt.findMany({
      where: { delivery: { endpointId: endpoint.id } },
      orderBy: { attemptedAt: "asc" },
    });
    const slow = attempts.find((a) => a.statusCode === null);
    expect(slow?.latencyMs).toBeGreaterThanOrEqual(9_900);
    expect(slow?.latencyMs).toBeLessThan(11_000);
    expect(attempts.some((a) => a.statusCode === 410)).toBe(true);
  }, 60_000);

  it("during a rotation a receiver that knows only the old secret still verifies", async (ctx) => {
    if (!c) return ctx.skip();
    const old = newSecret();
    const { receiver } = await endpointWith([newSecret()], { previousSecret: old });
    const s = await sessionWithAttempt(1);
    await pay(s.outTradeNo);
    const got = (await receiver.until((all) => all.filter(ofOrder(s.orderNo)).length >= 2)).filter(ofOrder(s.orderNo));
    expect(got.every((r) => r.verified && r.signatures.length === 2)).toBe(true);
  });
});

describe.runIf(process.platform === "linux")("where delivery runs", () => {
  it("on PostgreSQL each instance delivers from its own thread at nice 10, not from the request thread", async (ctx) => {
    if (!c) return ctx.skip();
    const startedOn = (i: number) =>
      appLines.filter((l) => l.i === i && l.line.includes("delivery thread running at nice 10"));
    // The thread says so once its pools are open, which may be just after the server is ready.
    for (let t = 0; t < 100 && c.pids().some((_, i) => startedOn(i).length === 0); t++)
      await new Promise((r) => setTimeout(r, 100));
    for (const [i, pid] of c.pids().entries()) {
      const started = startedOn(i);
      // (Once per start: the SIGKILL test above restarts an instance.)
      expect(started.length, `instance ${i} logged its delivery thread`).toBeGreaterThanOrEqual(1);
      const nices = threadNices(pid);
      expect(nices.find((t) => t.tid === pid)?.nice, "the request thread keeps its priority").toBe(0);
      expect(
        nices.filter((t) => t.nice === 10),
        "one thread runs at the delivery priority",
      ).toHaveLength(1);
    }
    // And it is that thread that delivers: the tests above all passed through it, and its rounds
    // reach the main thread's metrics.
    expect(appLines.some((l) => l.line.includes("delivering from the request thread"))).toBe(false);
    let delivered = 0;
    for (const url of c.urls) {
      const res = await fetch(`${url}/api/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
      const m = /^wxpay_webhook_deliveries_total\{outcome="delivered"\} (\d+)$/m.exec(await res.text());
      delivered += Number(m?.[1] ?? 0);
    }
    expect(delivered).toBeGreaterThan(0);
  });
});
