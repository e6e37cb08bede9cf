// The mini-program routes' real handlers against a real simulator over HTTP, on both engines:
// wx.login code → POST /api/v1/miniprogram/session (jscode2session at WECHAT_SNS_BASE, here the
// simulator) → POST /api/v1/payments/wechat/miniprogram with the bearer token → a JSAPI prepay
// placed with the mini-program's appid → wx.requestPayment at the simulator (paySign over that
// appid) → the payment recorded, PAID. Plus the 400 / 401 paths and the web-view's openid refused.
import { createPublicKey, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postSession } from "@/app/api/v1/miniprogram/session/route";
import { POST as postPay } from "@/app/api/v1/payments/wechat/miniprogram/route";
import { newOrderNo } from "@/lib/checkout/identifiers";
import type { Db } from "@/lib/db/create-prisma";
import { signMiniProgramToken } from "@/lib/oauth/miniprogram-token";
import { miniProgramTokenKey } from "@/lib/oauth/session-keys";
import { getWechat } from "@/lib/payments/mode-contexts";
import { syncPayment } from "@/lib/payments/sync-payment";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { startSimWechat, type SimWechat } from "@/tests/worker/simulator-wechat";

const holder = globalThis as unknown as { __checkoutDb?: Promise<Db> };
const BASE = "http://localhost:3000";
let s: SimWechat;
let merchant: { merchantPrivateKeyPem: string; miniProgramAppid: string; appid: string };

beforeAll(async () => {
  s = await startSimWechat();
  process.env.SIMULATOR_URL = s.sim.url;
  process.env.SIMULATOR_DATA_DIR = s.sim.dataDir;
  process.env.NEXTAUTH_URL = "http://127.0.0.1:9"; // notifications go nowhere: the test queries
  merchant = (await s.control<typeof merchant>("GET", "/_sim/merchant")).data;
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

const post = (handler: (req: Request, ctx: never) => Promise<Response>, path: string, body: unknown, headers = {}) =>
  handler(
    new Request(`${BASE}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    undefined as never,
  );
// After a database opens slowly (PGlite, seconds) fetch may reuse a keep-alive socket the
// simulator has just closed (ECONNRESET): minting a code is idempotent enough to ask again.
const login = async (user = "alice"): Promise<string> => {
  const mint = () => s.control<{ code: string }>("POST", "/_sim/miniprogram/login", { user });
  return (await mint().catch(mint)).data.code;
};
const session = (code: unknown) => post(postSession, "/api/v1/miniprogram/session", { code });
const pay = (body: unknown, token?: string) =>
  post(postPay, "/api/v1/payments/wechat/miniprogram", body, token ? { Authorization: `Bearer ${token}` } : {});

async function tokenFor(user: string): Promise<string> {
  const res = await session(await login(user));
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

describe.each(["pglite", "postgres"] as const)("mini-program routes on %s", (kind) => {
  let m: MigratedDb | null;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
    if (m) holder.__checkoutDb = Promise.resolve(m.db);
  }, 60_000);
  afterAll(async () => {
    delete holder.__checkoutDb;
    await m?.dispose();
  });

  async function newOrder(totalFen = 1234, session = false) {
    const orderNo = newOrderNo();
    const order = await m!.db.order.create({
      data: { livemode: false, orderNo, totalFen, description: "小程序订单", status: "PENDING" },
    });
    const checkoutSessionId = session ? `cs_${orderNo.replace("-", "")}${"m".repeat(16)}` : undefined;
    if (checkoutSessionId)
      await m!.db.checkoutSession.create({
        data: { id: checkoutSessionId, orderId: order.id, successUrl: "https://shop.example.com/thanks" },
      });
    return { orderNo, checkoutSessionId };
  }

  it("session: a token and its expiry for a good code; never the session_key", async (ctx) => {
    if (!m) return ctx.skip();
    const code = await login();
    const before = Date.now();
    const res = await session(code);
    const took = Date.now() - before;
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/session_key|sessionKey/);
    const body = JSON.parse(text) as { token: string; expiresAt: string };
    expect(Object.keys(body).sort()).toEqual(["expiresAt", "token"]);
    const ttl = Date.parse(body.expiresAt) - before;
    expect(ttl).toBeGreaterThan(29 * 60_000);
    expect(ttl).toBeLessThanOrEqual(30 * 60_000 + took + 1000); // whole seconds
  });

  it("session: WeChat's errcode in a 400 for an invalid or a used code; a malformed body is 400", async (ctx) => {
    if (!m) return ctx.skip();
    const bad = await session("nosuchcode");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: "MINIPROGRAM_CODE_INVALID", details: { errcode: 40029 } },
    });
    const code = await login();
    expect((await session(code)).status).toBe(200);
    const again = await session(code);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: { details: { errcode: 40163 } } });
    expect((await session(42)).status).toBe(400);
    expect((await post(postSession, "/api/v1/miniprogram/session", "{not json")).status).toBe(400);
  });

  it("pay: 401 without a token, with a tampered, an expired or another app's token; nothing placed", async (ctx) => {
    if (!m) return ctx.skip();
    const { orderNo } = await newOrder();
    const good = await tokenFor("bob");
    const key = miniProgramTokenKey();
    const expired = signMiniProgramToken(
      { openid: "oExpired", appId: merchant.miniProgramAppid },
      key,
      new Date(Date.now() - 31 * 60_000),
    ).token;
    const otherApp = signMiniProgramToken({ openid: "oOther", appId: "wx0000000000000000" }, key).token;
    const tampered = good.replace(/^./, (c) => (c === "e" ? "f" : "e"));
    for (const token of [undefined, "garbage", tampered, expired, otherApp]) {
      const res = await pay({ orderNo }, token);
      expect(res.status, String(token)).toBe(401);
      expect((await res.json()).error.code).toBe("UNAUTHORIZED");
    }
    expect(await m.db.paymentAttempt.count({ where: { order: { orderNo } } })).toBe(0);
  });

  it("pay: 400 for a body naming neither or both; 404 for an unknown order or session", async (ctx) => {
    if (!m) return ctx.skip();
    const token = await tokenFor("carol");
    const { orderNo } = await newOrder();
    for (const body of [{}, { orderNo, checkoutSessionId: `cs_${"x".repeat(30)}` }, { orderNo: "nope" }])
      expect((await pay(body, token)).status).toBe(400);
    expect((await pay({ orderNo: newOrderNo() }, token)).status).toBe(404);
    expect((await pay({ checkoutSessionId: `cs_${"Z".repeat(30)}` }, token)).status).toBe(404);
  });

  it("pay: a JSAPI prepay for the mini-program's appid; paySign verifies over it; reused; paid and recorded", async (ctx) => {
    if (!m) return ctx.skip();
    const { orderNo } = await newOrder(2680);
    const token = await tokenFor("dave");
    const res = await pay({ orderNo }, token);
    expect(res.status).toBe(200);
    const params = (await res.json()) as Record<string, string>;
    expect(Object.keys(params).sort()).toEqual(["nonceStr", "package", "paySign", "signType", "timeStamp"]);
    expect(params.signType).toBe("RSA");
    // As wx.requestPayment checks it: RSA-SHA256 over the mini-program's appid, the merchant's key.
    const message = `${merchant.miniProgramAppid}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
    const publicKey = createPublicKey(merchant.merchantPrivateKeyPem);
    expect(verify("sha256", Buffer.from(message), publicKey, Buffer.from(params.paySign!, "base64"))).toBe(true);
    const webMessage = `${merchant.appid}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
    expect(verify("sha256", Buffer.from(webMessage), publicKey, Buffer.from(params.paySign!, "base64"))).toBe(false);

    const attempt = await m.db.paymentAttempt.findFirstOrThrow({ where: { order: { orderNo } } });
    expect(attempt).toMatchObject({ channel: "JSAPI", appid: merchant.miniProgramAppid, status: "PENDING" });
    type SimOrder = { out_trade_no: string; appid: string; trade_type: string };
    const atSim = (await s.control<SimOrder[]>("GET", `/_sim/orders`)).data.find(
      (o) => o.out_trade_no === attempt.outTradeNo,
    );
    expect(atSim).toMatchObject({ appid: merchant.miniProgramAppid, trade_type: "JSAPI" });

    // Same payer again: the same attempt and prepay (no second order at WeChat Pay).
    const again = (await (await pay({ orderNo }, token)).json()) as Record<string, string>;
    expect(again.package).toBe(params.package);
    expect(await m.db.paymentAttempt.count({ where: { order: { orderNo } } })).toBe(1);

    const paid = await s.control<unknown>("POST", "/_sim/miniprogram/request-payment", params);
    expect(paid.data).toEqual({ ok: true, errMsg: "requestPayment:ok" });
    await syncPayment(m.db, getWechat(false), attempt.outTradeNo);
    const order = await m.db.order.findUniqueOrThrow({ where: { orderNo } });
    expect(order.status).toBe("PAID");
  });

  it("pay by checkoutSessionId; an expired session is refused with nothing placed", async (ctx) => {
    if (!m) return ctx.skip();
    const token = await tokenFor("erin");
    const open = await newOrder(500, true);
    const res = await pay({ checkoutSessionId: open.checkoutSessionId }, token);
    expect(res.status).toBe(200);
    expect(await m.db.paymentAttempt.count({ where: { order: { orderNo: open.orderNo } } })).toBe(1);
    const gone = await newOrder(500, true);
    await m.db.checkoutSession.update({ where: { id: gone.checkoutSessionId! }, data: { expiredAt: new Date() } });
    const refused = await pay({ checkoutSessionId: gone.checkoutSessionId }, token);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe("ORDER_EXPIRED");
    expect(await m.db.paymentAttempt.count({ where: { order: { orderNo: gone.orderNo } } })).toBe(0);
  });
});
