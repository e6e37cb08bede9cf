// HEAVY (≈15 s): WECHAT_VERIFY_MODE through the running app (`next start` of the build on
// PostgreSQL) against the simulator, whose platform signs with its public key, its platform
// certificate, or either (`migration`, the gray-release week). Instance 0 runs `both`: notifications
// and API answers signed with either key are accepted. Instance 1 runs `public-key`: a
// certificate-signed notification is refused 401 and changes nothing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSecret, generateApiKeySecret, hashApiKeySecret } from "@/lib/api-keys/api-key-secret";
import { builtAppAvailable, startNotifyCluster, type NotifyCluster } from "@/scripts/notify-cluster";

let c: NotifyCluster | null = null;

beforeAll(async () => {
  if (!(await builtAppAvailable())) return;
  c = await startNotifyCluster({ instances: 2, mode: "next", env: { WECHAT_VERIFY_MODE: "both" } });
  await c.kill(1);
  await c.restart(1, { WECHAT_VERIFY_MODE: "public-key" });
}, 120_000);
afterAll(async () => {
  await c?.stop();
}, 30_000);

const signingMode = (mode: "public-key" | "certificate" | "migration") =>
  fetch(`${c!.sim.url}/_sim/signing-mode`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mode }),
  }).then((r) => expect(r.status).toBe(200));

/**
 * A PENDING payment whose genuine TRANSACTION.SUCCESS, signed by the simulator in `mode`, is
 * captured instead of delivered. (The order is placed while the simulator signs with its public
 * key: this test process's own client trusts only that one.) The simulator is left in migration.
 */
async function capturedPayment(tag: string, mode: "public-key" | "certificate") {
  let resolve!: (n: { body: string; headers: Record<string, string> }) => void;
  const captured = new Promise<{ body: string; headers: Record<string, string> }>((r) => (resolve = r));
  const trap = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (b: Buffer) => chunks.push(b));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === "string" && (k.startsWith("wechatpay-") || k === "request-id" || k === "content-type"))
          headers[k] = v;
      res.writeHead(204).end();
      resolve({ body: Buffer.concat(chunks).toString("utf8"), headers });
    });
  });
  await new Promise<void>((r) => trap.listen(0, "127.0.0.1", r));
  await signingMode("public-key");
  const outTradeNo = `VM${tag}${Date.now()}`;
  const { code_url } = await c!.wechat.client.createNativeOrder({
    outTradeNo,
    description: "验签模式",
    amountFen: 1100,
    notifyUrl: `http://127.0.0.1:${(trap.address() as AddressInfo).port}/notify`,
  });
  const order = await c!.db.order.create({
    data: { livemode: false, orderNo: `O-${outTradeNo}`, totalFen: 1100, description: "验签模式" },
  });
  const payment = await c!.db.paymentAttempt.create({
    data: {
      livemode: false,
      orderId: order.id,
      outTradeNo,
      channel: "NATIVE",
      amountFen: 1100,
      codeUrl: code_url,
      mchid: c!.wechat.merchant.mchId,
      appid: c!.wechat.merchant.appId,
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });
  await signingMode(mode);
  await fetch(`${c!.sim.url}/_sim/orders/${outTradeNo}/pay`, { method: "POST", body: "{}" });
  const notification = await captured;
  // Back to the gray-release state, in which /v3/certificates serves the platform certificate
  // (in pure public-key mode WeChat Pay has none to download).
  await signingMode("migration");
  trap.close();
  return { payment, notification };
}

const deliver = (i: number, n: { body: string; headers: Record<string, string> }) =>
  fetch(c!.notifyUrl(i), { method: "POST", body: n.body, headers: n.headers }).then((r) => r.status);
const statusOf = async (id: string) => (await c!.db.paymentAttempt.findUniqueOrThrow({ where: { id } })).status;

describe("WECHAT_VERIFY_MODE in the running app", () => {
  it("both: a certificate-signed and a public-key-signed notification are each accepted", async (ctx) => {
    if (!c) return ctx.skip();
    const a = await capturedPayment("C", "certificate");
    expect(a.notification.headers["wechatpay-serial"]).not.toMatch(/^PUB_KEY_ID_/);
    const b = await capturedPayment("P", "public-key");
    expect(b.notification.headers["wechatpay-serial"]).toMatch(/^PUB_KEY_ID_/);
    expect([await deliver(0, a.notification), await deliver(0, b.notification)]).toEqual([204, 204]);
    expect([await statusOf(a.payment.id), await statusOf(b.payment.id)]).toEqual(["PAID", "PAID"]);
  });

  it("public-key: a certificate-signed notification is refused 401 and changes nothing", async (ctx) => {
    if (!c) return ctx.skip();
    const a = await capturedPayment("R", "certificate");
    expect(await deliver(1, a.notification)).toBe(401);
    expect(await statusOf(a.payment.id)).toBe("PENDING");
    const refused = await c.db.notificationEvent.findFirst({
      where: { verification: "REJECTED" },
      orderBy: { receivedAt: "desc" },
    });
    expect(refused?.serial).toBe(a.notification.headers["wechatpay-serial"]);
    // The same bytes to the instance in `both` mode: accepted.
    expect(await deliver(0, a.notification)).toBe(204);
    expect(await statusOf(a.payment.id)).toBe("PAID");
  });

  it("migration: API answers signed with either key verify in `both`; in `public-key` a certificate-signed one does not", async (ctx) => {
    if (!c) return ctx.skip();
    const secret = generateApiKeySecret("test");
    await c.db.apiKey.create({
      data: {
        livemode: false,
        name: "verify modes",
        scopes: ["checkout:write"],
        ...describeSecret(secret),
        secretHash: hashApiKeySecret(secret),
        createdBy: "test",
      },
    });
    const prepay = async (i: number) => {
      const session = await fetch(`${c!.urls[i]}/api/v1/checkout/sessions`, {
        method: "POST",
        headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          lineItems: [{ name: "验签", unitAmountFen: 900, quantity: 1 }],
          successUrl: "http://127.0.0.1:4010/ok",
        }),
      });
      expect(session.status).toBe(201);
      const { orderNo } = (await session.json()) as { orderNo: string };
      const res = await fetch(`${c!.urls[i]}/api/v1/payments/wechat/native`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: c!.urls[i]! },
        body: JSON.stringify({ orderNo }),
      });
      return { status: res.status, body: (await res.json()) as { codeUrl?: string } };
    };
    await signingMode("migration");
    // Successive answers alternate between the two keys: every prepay answer must verify.
    for (let k = 0; k < 4; k += 1) {
      const r = await prepay(0);
      expect(r.status).toBe(200);
      expect(r.body.codeUrl).toMatch(/^weixin:\/\//);
    }
    await signingMode("certificate");
    expect((await prepay(0)).status).toBe(200);
    // The public-key-only instance cannot verify a certificate-signed answer: not a success.
    expect((await prepay(1)).status).toBeGreaterThanOrEqual(500);
  });
});
