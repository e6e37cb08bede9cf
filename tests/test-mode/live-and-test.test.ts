// HEAVY (≈25 s): test mode beside live mode in ONE deployment, all real parts. The built app
// (`next start`) runs in LIVE mode against one simulator playing the real WeChat Pay gateway
// (WECHAT_* from its merchant file), with TEST_MODE=1 and a second, independent simulator as the
// test context. Proves: a sk_test_ key's session is paid through the test page's controls and
// its webhook arrives signed with livemode:false (and only at the test endpoint); a sk_live_
// key's session goes to the live gateway only; each key gets 403 on the other mode's objects;
// a lost notification is recovered by the worker's query; a doubled one changes nothing; a
// declined payment stays payable.
// Needs the build (`next build`): it fails, not skips, when the build is missing under CI.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSecret, generateApiKeySecret, hashApiKeySecret } from "@/lib/api-keys/api-key-secret";
import { randomBase62 } from "@/lib/ids/random-base62";
import { builtAppAvailable, startNotifyCluster, type NotifyCluster } from "@/scripts/notify-cluster";
import { startWebhookReceiver, type WebhookReceiver } from "@/scripts/lib/webhook-receiver";
import { startSimulator, type RunningSimulator } from "@/simulator/server";

let c: NotifyCluster | null = null;
let live: RunningSimulator | null = null;
let liveDir = "";
const keys = { live: "", test: "" };
const receivers: { live?: WebhookReceiver; test?: WebhookReceiver } = {};
const SCOPES = ["checkout:write", "checkout:read", "refunds:write", "orders:read", "events:read"];

beforeAll(async () => {
  if (!(await builtAppAvailable())) return;
  // The "real" gateway: its own keys, merchant and data, unknown to the test simulator.
  liveDir = mkdtempSync(path.join(os.tmpdir(), "live-gateway-"));
  live = await startSimulator({ port: 0, dataDir: liveDir, timeScale: 0.001, notifyTimeoutMs: 2000 });
  const m = JSON.parse(readFileSync(live.merchantFile, "utf8")) as Record<string, string>;
  c = await startNotifyCluster({
    instances: 1,
    mode: "next",
    env: {
      DEMO_MODE: "",
      WECHAT_APP_ID: m.appid!,
      WECHAT_APP_SECRET: m.appSecret!,
      WECHAT_MCH_ID: m.mchid!,
      WECHAT_API_V3_KEY: m.apiV3Key!,
      WECHAT_CERT_SERIAL_NO: m.merchantSerialNo!,
      WECHAT_PRIVATE_KEY: m.merchantPrivateKeyPem!,
      WECHAT_PUBLIC_KEY_ID: m.platformPublicKeyId!,
      WECHAT_PUBLIC_KEY: m.platformPublicKeyPem!,
      WECHAT_GATEWAY: live.url,
      WECHAT_OAUTH_BASE: live.url,
      WECHAT_SNS_BASE: live.url,
      // Live notifications would go to the public URL (not reachable here; none is needed).
      WECHAT_NOTIFY_URL: "https://shop.example.com/api/v1/payments/wechat/notify",
      CHECKOUT_ALLOWED_REDIRECT_ORIGINS: "https://shop.example.com",
      TEST_MODE: "1",
      WORKER_DISABLED: "0",
      WORKER_INTERVAL_MS: "500",
      WORKER_QUERY_SCHEDULE_S: "2,4,6,8",
      // The receivers are on loopback (a live deployment refuses private addresses otherwise).
      WEBHOOK_ALLOW_PRIVATE: "1",
    },
  });
  for (const mode of ["live", "test"] as const) {
    keys[mode] = generateApiKeySecret(mode);
    await c.db.apiKey.create({
      data: {
        livemode: mode === "live",
        name: `${mode} backend`,
        scopes: SCOPES,
        ...describeSecret(keys[mode]),
        secretHash: hashApiKeySecret(keys[mode]),
        createdBy: "test",
      },
    });
    const secret = `whsec_${randomBytes(32).toString("base64")}`;
    const receiver = await startWebhookReceiver([secret]);
    receivers[mode] = receiver;
    await c.db.webhookEndpoint.create({
      data: {
        id: `we_${randomBase62(24)}`,
        livemode: mode === "live",
        url: receiver.url,
        events: ["*"],
        secret,
        createdBy: "test",
      },
    });
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(receivers).map((r) => r?.close()));
  await c?.stop();
  await live?.close();
  if (liveDir) rmSync(liveDir, { recursive: true, force: true });
}, 30_000);

async function api<T = Record<string, unknown>>(mode: "live" | "test", method: string, p: string, body?: unknown) {
  const res = await fetch(`${c!.urls[0]}${p}`, {
    method,
    headers: { Authorization: `Bearer ${keys[mode]}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

type Session = { id: string; url: string; livemode: boolean; orderNo: string; status: string };

async function newSession(mode: "live" | "test", amountFen = 1200): Promise<Session> {
  const r = await api<Session>(mode, "POST", "/api/v1/checkout/sessions", {
    lineItems: [{ name: `${mode} 课程`, unitAmountFen: amountFen, quantity: 1 }],
    successUrl: "https://shop.example.com/thanks",
    cancelUrl: "https://shop.example.com/cart",
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** Opens the hosted page as a desktop browser would: the server places the prepay and renders it. */
async function openPage(session: Session): Promise<{ html: string; outTradeNo: string }> {
  const res = await fetch(session.url.replace(/^https?:\/\/[^/]+/, c!.urls[0]!), {
    headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36" },
  });
  const html = await res.text();
  expect(res.status).toBe(200);
  const outTradeNo = /data-out-trade-no="([^"]+)"/.exec(html)?.[1];
  expect(outTradeNo, "the page placed a prepay").toBeTruthy();
  return { html, outTradeNo: outTradeNo! };
}

const simOrders = async (sim: string) =>
  ((await (await fetch(`${sim}/_sim/orders`)).json()) as { out_trade_no: string }[]).map((o) => o.out_trade_no);

async function control(outTradeNo: string, action: string) {
  const res = await fetch(`${c!.urls[0]}/api/v1/test/payments/${outTradeNo}/simulate`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ action }),
  });
  return { status: res.status, body: (await res.json()) as { status?: string; error?: { code: string } } };
}

async function paymentStatus(outTradeNo: string, want: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await c!.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo }, select: { status: true } });
    if (p.status === want || Date.now() > deadline) return p.status;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("test mode beside live mode (next start, live credentials + TEST_MODE=1)", () => {
  it("a test key's session is TEST data, paid through the test page's controls at the test simulator, its webhook signed with livemode:false at the test endpoint only", async (ctx) => {
    if (!c) return ctx.skip();
    const session = await newSession("test");
    expect(session.livemode).toBe(false);
    const { html, outTradeNo } = await openPage(session);
    expect(html).toContain('data-testid="test-badge"');
    expect(html).toContain('data-testid="test-controls"');
    expect(html, "no QR for a phone that cannot reach the simulator").not.toContain('data-testid="qr"');
    expect(await simOrders(c.sim.url)).toContain(outTradeNo);
    expect(await simOrders(live!.url)).not.toContain(outTradeNo);

    expect((await control(outTradeNo, "pay")).status).toBe(200);
    expect(await paymentStatus(outTradeNo, "PAID")).toBe("PAID");
    const got = await receivers.test!.until((r) =>
      r.some((x) => x.type === "checkout.session.completed" && x.body.data.object.id === session.id),
    );
    const completed = got.find((x) => x.type === "checkout.session.completed" && x.body.data.object.id === session.id)!;
    expect(completed.verified).toBe(true);
    expect(completed.body.data.object).toMatchObject({ livemode: false, status: "complete" });
    const events = await api<{ data: { type: string; livemode: boolean; data: { object: { id?: string } } }[] }>(
      "test",
      "GET",
      "/api/v1/events?limit=100",
    );
    expect(events.body.data.filter((e) => e.data.object.id === session.id).map((e) => [e.type, e.livemode])).toEqual([
      ["checkout.session.completed", false],
    ]);
    // Nothing of it anywhere live.
    expect((await api<{ data: unknown[] }>("live", "GET", "/api/v1/events?limit=100")).body.data).toEqual([]);
    expect(receivers.live!.received).toEqual([]);
  }, 40_000);

  it("a live key's session goes to the live gateway only, and is not TEST", async (ctx) => {
    if (!c) return ctx.skip();
    const session = await newSession("live", 3300);
    expect(session.livemode).toBe(true);
    const { html, outTradeNo } = await openPage(session);
    expect(html).not.toContain('data-testid="test-badge"');
    expect(html).not.toContain('data-testid="test-controls"');
    expect(html).toContain('data-testid="qr"');
    expect(await simOrders(live!.url)).toContain(outTradeNo);
    expect(await simOrders(c.sim.url)).not.toContain(outTradeNo);
    // The test page's controls never touch a live payment.
    const refused = await control(outTradeNo, "pay");
    expect([refused.status, refused.body.error?.code]).toEqual([403, "LIVEMODE_MISMATCH"]);
    expect(await paymentStatus(outTradeNo, "PENDING", 0)).toBe("PENDING");
  }, 30_000);

  it("each key gets 403 LIVEMODE_MISMATCH on the other mode's sessions, orders and refunds", async (ctx) => {
    if (!c) return ctx.skip();
    const [t, l] = await Promise.all([newSession("test"), newSession("live")]);
    for (const [key, other] of [
      ["live", t],
      ["test", l],
    ] as const) {
      for (const p of [`/api/v1/checkout/sessions/${other.id}`, `/api/v1/orders/${other.orderNo}`]) {
        const r = await api<{ error: { code: string } }>(key, "GET", p);
        expect([p, r.status, r.body.error.code]).toEqual([p, 403, "LIVEMODE_MISMATCH"]);
      }
      const expire = await api<{ error: { code: string } }>(
        key,
        "POST",
        `/api/v1/checkout/sessions/${other.id}/expire`,
      );
      expect([expire.status, expire.body.error.code]).toEqual([403, "LIVEMODE_MISMATCH"]);
      const refund = await api<{ error: { code: string } }>(key, "POST", "/api/v1/refunds", {
        checkoutSessionId: other.id,
        amountFen: 1,
      });
      expect(refund.status).toBeGreaterThanOrEqual(400);
    }
    // Its own mode still works.
    expect((await api("test", "GET", `/api/v1/checkout/sessions/${t.id}`)).status).toBe(200);
    expect((await api("live", "GET", `/api/v1/checkout/sessions/${l.id}`)).status).toBe(200);
  }, 30_000);

  it("each control leads where the real event would: a lost notification is found by the worker's query, a doubled one applies once, a declined one stays payable", async (ctx) => {
    if (!c) return ctx.skip();
    const [lost, twice, declined] = await Promise.all([newSession("test"), newSession("test"), newSession("test")]);
    const [a, b, d] = await Promise.all([openPage(lost), openPage(twice), openPage(declined)]);

    expect((await control(a.outTradeNo, "pay_lose_notification")).body.status).toBe("PENDING");
    expect((await control(b.outTradeNo, "pay_notify_twice")).status).toBe(200);
    // Declined on the phone: WeChat Pay keeps the trade NOTPAY and notifies nothing; so do we.
    expect((await control(d.outTradeNo, "fail")).body.status).toBe("PENDING");

    expect(await paymentStatus(b.outTradeNo, "PAID", 5000)).toBe("PAID");
    // No notification ever came for `a`: only the worker's scheduled query (2 s, 4 s, …) can find it.
    expect(await paymentStatus(a.outTradeNo, "PAID", 15_000)).toBe("PAID");
    const notified = await c.db.notificationEvent.count({
      where: { payment: { outTradeNo: a.outTradeNo }, verification: "VERIFIED" },
    });
    expect(notified).toBe(0);
    const queried = await c.db.paymentEvent.findFirst({
      where: { payment: { outTradeNo: a.outTradeNo }, type: "STATE_CHANGED", toStatus: "PAID" },
      select: { detail: true },
    });
    expect(queried?.detail).toMatchObject({ source: "query" });

    // Both deliveries of `b` were answered; one transition, one stored notification, one event.
    const order = await c.db.order.findUniqueOrThrow({ where: { orderNo: twice.orderNo }, select: { id: true } });
    const twiceEvents = await c.db.event.findMany({ where: { orderId: order.id, type: "payment.succeeded" } });
    expect(twiceEvents).toHaveLength(1);
    expect(
      await c.db.notificationEvent.count({
        where: { payment: { outTradeNo: b.outTradeNo }, verification: "VERIFIED" },
      }),
    ).toBe(1);
    const deliveries = (await (await fetch(`${c.sim.url}/_sim/deliveries`)).json()) as {
      out_trade_no: string;
      attempts: { status: number }[];
    }[];
    const sent = deliveries.filter((n) => n.out_trade_no === b.outTradeNo).flatMap((n) => n.attempts);
    expect(sent.map((x) => x.status)).toEqual([204, 204]);

    // …and the shopper can still pay it.
    expect(await paymentStatus(d.outTradeNo, "PENDING", 0)).toBe("PENDING");
    expect((await control(d.outTradeNo, "pay")).status).toBe(200);
    expect(await paymentStatus(d.outTradeNo, "PAID")).toBe("PAID");
  }, 40_000);
});
