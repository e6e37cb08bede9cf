// Checkout Sessions against a migrated database (both engines) and the real simulator over
// HTTP: creation (catalog and merchant-priced lines), every validation error storing nothing,
// Idempotency-Key (replay, other body, two at once), status, expiry (closed at WeChat Pay
// first), place-prepay honouring the session's expiry, and the worker closing overdue sessions.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolRunner, prismaRunner, type SqlRunner } from "@/lib/db/hot-sql";
import { parsePostgresUrl } from "@/lib/db/postgres-url";
import { getOrderDetail } from "@/lib/admin/order-detail";
import { placePrepay } from "@/lib/checkout/place-prepay";
import { CatalogPriceCache } from "@/lib/catalog/catalog-price-cache";
import { createCheckoutSession, type SessionConfig } from "@/lib/checkout-sessions/create-session";
import { expireCheckoutSession } from "@/lib/checkout-sessions/expire-session";
import { getCheckoutSession } from "@/lib/checkout-sessions/get-session";
import { checkoutSessionSchema } from "@/lib/checkout-sessions/session-schemas";
import { errorResponse } from "@/lib/http/error-response";
import { syncPayment } from "@/lib/payments/sync-payment";
import { runWorkerTick } from "@/lib/worker/run-worker-tick";
import { loadConfig } from "@/lib/config";
import { workerSettings } from "@/lib/worker/worker-settings";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { startSimWechat, type SimWechat } from "@/tests/worker/simulator-wechat";

const SHOP = "https://shop.example.com";
const config: SessionConfig = {
  appUrl: "https://pay.example.com",
  paymentWindowSeconds: undefined,
  checkout: {
    maxAmountFen: 1_000_000,
    allowedRedirectOrigins: [SHOP],
    allowLoopbackRedirects: false,
    apiKeyRateLimitPerMinute: 6000,
  },
};
const later = (s: number) => new Date(Date.now() + s * 1000);
const custom = (unitAmountFen = 9900, quantity = 1, name = "年度会员") => ({ name, unitAmountFen, quantity });

/** What a refused call answers over HTTP (status, code, details), the way routes map errors. */
async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "expected a refusal").not.toBeNull();
  const res = errorResponse(err);
  const body = (await res.json()) as { error: { code: string; details?: { path: string; message: string }[] } };
  return { status: res.status, code: body.error.code, paths: (body.error.details ?? []).map((d) => d.path) };
}

describe.each(["pglite", "postgres"] as const)("Checkout Sessions on %s", (kind) => {
  let m: MigratedDb | null;
  let s: SimWechat;
  let tea: string;
  let cup: string;
  let retired: string;
  // On PostgreSQL creation runs as in production, through the hot-path pg pool (prepared
  // statements); on PGlite through Prisma's raw query.
  let pool: pg.Pool | undefined;
  let sql: SqlRunner | undefined;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
    s = await startSimWechat();
    if (!m) return;
    if (kind === "postgres") {
      pool = new pg.Pool({ connectionString: parsePostgresUrl(m.engine.url!).connectionString, max: 4 });
      sql = poolRunner(pool);
    }
    const p = (sku: string, priceFen: number, active = true) =>
      m!.db.product.create({ data: { sku, name: `${sku} 名`, nameEn: sku, priceFen, active } });
    tea = (await p("TEA", 1200)).id;
    cup = (await p("CUP", 3500)).id;
    retired = (await p("OLD", 100, false)).id;
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
    await pool?.end();
    await m?.dispose();
  });

  const create = (body: unknown, o: { idempotencyKey?: string; now?: Date; cfg?: SessionConfig } = {}) =>
    createCheckoutSession(m!.db, body, {
      config: o.cfg ?? config,
      idempotencyKey: o.idempotencyKey,
      now: o.now,
      sql,
      livemode: false,
    });
  const counts = async () => ({
    orders: await m!.db.order.count(),
    items: await m!.db.orderItem.count(),
    sessions: await m!.db.checkoutSession.count(),
    events: await m!.db.paymentEvent.count(),
  });
  const base = () => ({ lineItems: [custom()], successUrl: `${SHOP}/thanks?session={CHECKOUT_SESSION_ID}` });
  const simTrade = async (outTradeNo: string) =>
    (
      await s.control<{ out_trade_no: string; trade_state: string; time_expire?: string }[]>("GET", "/_sim/orders")
    ).data.find((t) => t.out_trade_no === outTradeNo);

  it("creates a session from catalog and merchant-priced lines: one order, its items, the session and its event", async (ctx) => {
    if (!m) return ctx.skip();
    const before = await counts();
    const t0 = new Date();
    const { session, created } = await create({
      lineItems: [{ productId: tea, quantity: 2 }, custom(9900, 3, "年度会员"), { productId: cup, quantity: 1 }],
      successUrl: `${SHOP}/thanks?session={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${SHOP}/cart?cancelled={CHECKOUT_SESSION_ID}`,
      clientReferenceId: "cart_42",
      metadata: { customer: "c_7", 渠道: "官网" },
    });
    expect(created).toBe(true);
    expect(checkoutSessionSchema.parse(session)).toEqual(session);
    expect(session.id).toMatch(/^cs_[0-9A-Za-z]{32}$/);
    expect(session).toMatchObject({
      object: "checkout.session",
      status: "open",
      url: `https://pay.example.com/pay/${session.id}`,
      amountTotalFen: 2 * 1200 + 3 * 9900 + 3500,
      currency: "CNY",
      clientReferenceId: "cart_42",
      metadata: { customer: "c_7", 渠道: "官网" },
      successUrl: `${SHOP}/thanks?session=${session.id}`,
      cancelUrl: `${SHOP}/cart?cancelled=${session.id}`,
      paidAt: null,
    });
    expect(session.lineItems).toEqual([
      { productId: tea, name: "TEA 名", unitAmountFen: 1200, quantity: 2, amountFen: 2400 },
      { productId: null, name: "年度会员", unitAmountFen: 9900, quantity: 3, amountFen: 29700 },
      { productId: cup, name: "CUP 名", unitAmountFen: 3500, quantity: 1, amountFen: 3500 },
    ]);
    // Default expiry: the payment window (15 min).
    const ttl = Date.parse(session.expiresAt) - t0.getTime();
    expect(ttl).toBeGreaterThan(899_000);
    expect(ttl).toBeLessThan(905_000);
    expect(await counts()).toEqual({
      orders: before.orders + 1,
      items: before.items + 3,
      sessions: before.sessions + 1,
      events: before.events + 1,
    });
    const order = await m.db.order.findUniqueOrThrow({
      where: { orderNo: session.orderNo },
      include: { items: true, events: true, checkoutSession: true },
    });
    expect(order).toMatchObject({ status: "PENDING", totalFen: session.amountTotalFen, description: "TEA 名 等6件" });
    expect(order.expiresAt?.toISOString()).toBe(session.expiresAt);
    expect(order.items.find((i) => i.name === "年度会员")?.productId).toBeNull();
    expect(order.events).toMatchObject([
      {
        type: "CHECKOUT_SESSION_CREATED",
        toStatus: "PENDING",
        detail: { sessionId: session.id, clientReferenceId: "cart_42", metadata: { customer: "c_7", 渠道: "官网" } },
      },
    ]);
    expect(order.checkoutSession).toMatchObject({ id: session.id, idempotencyKey: null });
    // GET answers the same object.
    expect(await getCheckoutSession(m.db, session.id, config.appUrl, false)).toEqual(session);
  });

  it("prices from the process's cache but never sells at a stale price: a product changed elsewhere is priced afresh", async (ctx) => {
    if (!m) return ctx.skip();
    const cache = new CatalogPriceCache();
    const statements: string[] = [];
    const runner: SqlRunner = (name, text, values) => {
      statements.push(name);
      return (sql ?? prismaRunner(m!.db))(name, text, values);
    };
    const lamp = (await m.db.product.create({ data: { sku: "LAMP", name: "台灯", nameEn: "Lamp", priceFen: 5000 } }))
      .id;
    const sell = () =>
      createCheckoutSession(
        m!.db,
        { ...base(), lineItems: [{ productId: lamp, quantity: 2 }, custom(100, 1)] },
        { config, sql: runner, livemode: false, priceCache: cache },
      );
    const lookups = () => statements.filter((n) => n === "active_products_by_id_v1").length;

    expect((await sell()).session.amountTotalFen).toBe(10_100);
    expect(lookups()).toBe(1);
    expect((await sell()).session.amountTotalFen).toBe(10_100);
    expect(lookups()).toBe(1); // the second one priced from the cache, no SELECT

    // Another instance's admin changes price and name: this cache still holds the old ones.
    await m.db.product.update({ where: { id: lamp }, data: { priceFen: 6000, name: "新台灯" } });
    const { session } = await sell();
    expect(session.amountTotalFen).toBe(12_100);
    expect(session.lineItems[0]).toMatchObject({ name: "新台灯", unitAmountFen: 6000, amountFen: 12_000 });
    const order = await m.db.order.findUniqueOrThrow({ where: { orderNo: session.orderNo }, include: { items: true } });
    expect(order.totalFen).toBe(12_100);
    expect(order.items.find((i) => i.productId === lamp)).toMatchObject({ name: "新台灯", unitPriceFen: 6000 });
    expect(lookups()).toBe(2);

    // Deactivated elsewhere: refused as an unknown product, nothing stored.
    await m.db.product.update({ where: { id: lamp }, data: { active: false } });
    const before = await counts();
    expect(await refusal(sell())).toEqual({ status: 400, code: "VALIDATION_ERROR", paths: ["lineItems.0.productId"] });
    expect(await counts()).toEqual(before);
  });

  it("takes the description and expiresInSeconds as given", async (ctx) => {
    if (!m) return ctx.skip();
    const t0 = Date.now();
    const { session } = await create({ ...base(), description: "Course: TypeScript 进阶", expiresInSeconds: 3600 });
    const order = await m.db.order.findUniqueOrThrow({ where: { orderNo: session.orderNo } });
    expect(order.description).toBe("Course: TypeScript 进阶");
    expect(Date.parse(session.expiresAt) - t0).toBeGreaterThanOrEqual(3_599_000);
    expect(Date.parse(session.expiresAt) - t0).toBeLessThan(3_605_000);
  });

  const items = (n: number) => Array.from({ length: n }, () => custom(100));
  const refusals: [string, () => unknown, string][] = [
    ["empty lineItems", () => ({ ...base(), lineItems: [] }), "lineItems"],
    ["101 items", () => ({ ...base(), lineItems: items(101) }), "lineItems"],
    ["quantity 0", () => ({ ...base(), lineItems: [custom(100, 0)] }), "lineItems.0.quantity"],
    ["quantity 100", () => ({ ...base(), lineItems: [{ productId: tea, quantity: 100 }] }), "lineItems.0.quantity"],
    ["unitAmountFen 0", () => ({ ...base(), lineItems: [custom(0)] }), "lineItems.0.unitAmountFen"],
    ["unitAmountFen 1.5", () => ({ ...base(), lineItems: [custom(1.5)] }), "lineItems.0.unitAmountFen"],
    ["total over the maximum", () => ({ ...base(), lineItems: [custom(500_001, 2)] }), "lineItems"],
    ["emoji in a name", () => ({ ...base(), lineItems: [custom(100, 1, "会员 🎉")] }), "lineItems.0.name"],
    ["emoji in the description", () => ({ ...base(), description: "好物 😀" }), "description"],
    ["a malformed successUrl", () => ({ ...base(), successUrl: "shop.example.com/thanks" }), "successUrl"],
    ["a javascript: successUrl", () => ({ ...base(), successUrl: "javascript:alert(1)" }), "successUrl"],
    ["a foreign successUrl", () => ({ ...base(), successUrl: "https://evil.example.net/x" }), "successUrl"],
    ["a look-alike successUrl", () => ({ ...base(), successUrl: "https://shop.example.com.evil.net/" }), "successUrl"],
    ["http on an https origin", () => ({ ...base(), successUrl: "http://shop.example.com/x" }), "successUrl"],
    ["a foreign cancelUrl", () => ({ ...base(), cancelUrl: "https://evil.example.net/cancel" }), "cancelUrl"],
    [
      "a loopback successUrl outside demo mode",
      () => ({ ...base(), successUrl: "http://127.0.0.1:8080/t" }),
      "successUrl",
    ],
    [
      "metadata with 21 keys",
      () => ({ ...base(), metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"])) }),
      "metadata",
    ],
    ["a 41-character metadata key", () => ({ ...base(), metadata: { ["k".repeat(41)]: "v" } }), "metadata"],
    ["a 501-character metadata value", () => ({ ...base(), metadata: { k: "v".repeat(501) } }), "metadata.k"],
    ["expiresInSeconds 299", () => ({ ...base(), expiresInSeconds: 299 }), "expiresInSeconds"],
    ["expiresInSeconds 86401", () => ({ ...base(), expiresInSeconds: 86_401 }), "expiresInSeconds"],
    [
      "an unknown product",
      () => ({ ...base(), lineItems: [{ productId: "00000000-0000-4000-8000-000000000000", quantity: 1 }] }),
      "lineItems.0.productId",
    ],
    [
      "an inactive product",
      () => ({ ...base(), lineItems: [custom(), { productId: retired, quantity: 1 }] }),
      "lineItems.1.productId",
    ],
    ["an unknown field", () => ({ ...base(), currency: "USD" }), ""],
    ["a missing successUrl", () => ({ lineItems: [custom()] }), "successUrl"],
  ];
  it.each(refusals)(
    "refuses %s with 400 VALIDATION_ERROR naming the field, storing nothing",
    async (_name, body, path) => {
      if (!m) return;
      const before = await counts();
      const r = await refusal(create(body(), { idempotencyKey: `refused-${Math.random().toString(36).slice(2)}` }));
      expect(r.status).toBe(400);
      expect(r.code).toBe("VALIDATION_ERROR");
      expect(
        r.paths.some((p) => p === path || p.startsWith(`${path}.`) || (path === "" && p === "")),
        JSON.stringify(r),
      ).toBe(true);
      expect(await counts()).toEqual(before);
    },
  );

  it("allows loopback redirect origins in demo mode only", async (ctx) => {
    if (!m) return ctx.skip();
    const demo = { ...config, checkout: { ...config.checkout, allowLoopbackRedirects: true } };
    for (const url of ["http://127.0.0.1:4010/thanks", "http://localhost:4010/t", "http://[::1]:4010/t"]) {
      const { session } = await create({ ...base(), successUrl: url }, { cfg: demo });
      expect(session.successUrl).toBe(url);
    }
    expect((await refusal(create({ ...base(), successUrl: "http://127.0.0.2.nip.io/t" }, { cfg: demo }))).status).toBe(
      400,
    );
  });

  describe("Idempotency-Key", () => {
    it("replays the same session for the same body, in any key order", async (ctx) => {
      if (!m) return ctx.skip();
      const key = `replay-${kind}-1`;
      const first = await create({ ...base(), metadata: { a: "1", b: "2" } }, { idempotencyKey: key });
      const before = await counts();
      const again = await create(
        { metadata: { b: "2", a: "1" }, successUrl: base().successUrl, lineItems: base().lineItems },
        { idempotencyKey: key },
      );
      expect(first.created).toBe(true);
      expect(again.created).toBe(false);
      expect(again.session).toEqual(first.session);
      expect(await counts()).toEqual(before);
    });

    it("refuses the same key with another body (409 IDEMPOTENCY_KEY_REUSED), storing nothing", async (ctx) => {
      if (!m) return ctx.skip();
      const key = `replay-${kind}-2`;
      await create(base(), { idempotencyKey: key });
      const before = await counts();
      const r = await refusal(create({ ...base(), lineItems: [custom(9901)] }, { idempotencyKey: key }));
      expect(r).toMatchObject({ status: 409, code: "IDEMPOTENCY_KEY_REUSED" });
      expect(await counts()).toEqual(before);
    });

    it("replays the same session even after its product was deactivated or repriced; a fresh key is refused", async (ctx) => {
      if (!m) return ctx.skip();
      const vase = (
        await m.db.product.create({ data: { sku: `VASE-${kind}`, name: "花瓶", nameEn: "Vase", priceFen: 800 } })
      ).id;
      const body = { ...base(), lineItems: [{ productId: vase, quantity: 1 }] };
      const first = await create(body, { idempotencyKey: `vase-${kind}` });
      await m.db.product.update({ where: { id: vase }, data: { priceFen: 900 } });
      const repriced = await create(body, { idempotencyKey: `vase-${kind}` });
      expect(repriced).toEqual({ session: first.session, created: false });
      await m.db.product.update({ where: { id: vase }, data: { active: false } });
      const before = await counts();
      const gone = await create(body, { idempotencyKey: `vase-${kind}` });
      expect(gone).toEqual({ session: first.session, created: false });
      expect(await refusal(create(body, { idempotencyKey: `vase-${kind}-new` }))).toMatchObject({ status: 400 });
      expect(await counts()).toEqual(before);
    });

    it("makes one session of concurrent requests with one key", async (ctx) => {
      if (!m) return ctx.skip();
      const key = `concurrent-${kind}`;
      const before = await counts();
      const results = await Promise.all(Array.from({ length: 6 }, () => create(base(), { idempotencyKey: key })));
      expect(new Set(results.map((r) => r.session.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(await counts()).toMatchObject({ orders: before.orders + 1, sessions: before.sessions + 1 });
    });

    it("lets a key older than 24 hours start a new session", async (ctx) => {
      if (!m) return ctx.skip();
      const key = `expired-key-${kind}`;
      const first = await create(base(), { idempotencyKey: key, now: new Date(Date.now() - 25 * 3600_000) });
      const second = await create({ ...base(), lineItems: [custom(1)] }, { idempotencyKey: key });
      expect(second.created).toBe(true);
      expect(second.session.id).not.toBe(first.session.id);
      const old = await m.db.checkoutSession.findUniqueOrThrow({ where: { id: first.session.id } });
      expect(old.idempotencyKey).toBeNull();
    });
  });

  /** A session with a Native attempt placed at the simulator. */
  async function withAttempt(body: Record<string, unknown> = {}, now?: Date) {
    const { session } = await create({ ...base(), ...body });
    const placed = await placePrepay(m!.db, s.wechat, { orderNo: session.orderNo, channel: "NATIVE" }, now);
    return { session, placed };
  }

  it("derives the status: open, complete once paid (with paidAt), expired past expiresAt", async (ctx) => {
    if (!m) return ctx.skip();
    const { session, placed } = await withAttempt();
    expect((await getCheckoutSession(m.db, session.id, config.appUrl, false)).status).toBe("open");
    expect((await getCheckoutSession(m.db, session.id, config.appUrl, false, later(901))).status).toBe("expired");
    expect((await s.control("POST", `/_sim/orders/${placed.outTradeNo}/pay`, {})).status).toBe(200);
    await syncPayment(m.db, s.wechat, placed.outTradeNo);
    const paid = await getCheckoutSession(m.db, session.id, config.appUrl, false, later(901));
    expect(paid.status).toBe("complete");
    expect(paid.paidAt).not.toBeNull();
    expect(
      (await refusal(getCheckoutSession(m.db, "cs_doesnotexist000000000000000", config.appUrl, false))).status,
    ).toBe(404);
    expect((await refusal(getCheckoutSession(m.db, "../orders", config.appUrl, false))).status).toBe(404);
  });

  it("expires a session: the attempt is closed at the simulator first, then the order and the session", async (ctx) => {
    if (!m) return ctx.skip();
    const { session, placed } = await withAttempt();
    const expired = await expireCheckoutSession(m.db, s.wechat, session.id, config.appUrl);
    expect(expired.status).toBe("expired");
    expect((await simTrade(placed.outTradeNo))?.trade_state).toBe("CLOSED");
    const order = await m.db.order.findUniqueOrThrow({
      where: { orderNo: session.orderNo },
      include: { payments: true, events: true, checkoutSession: true },
    });
    expect(order.status).toBe("CLOSED");
    expect(order.payments.map((p) => p.status)).toEqual(["CLOSED"]);
    expect(order.checkoutSession?.expiredAt).not.toBeNull();
    expect(order.events.filter((e) => e.type === "CHECKOUT_SESSION_EXPIRED")).toMatchObject([
      { fromStatus: "PENDING", toStatus: "CLOSED", detail: { sessionId: session.id, reason: "api" } },
    ]);
    // Idempotent: the same object, no second event, no call to WeChat Pay needed.
    await s.control("POST", "/_sim/faults", { endpoint: "*", kind: "error500" });
    try {
      expect(await expireCheckoutSession(m.db, s.wechat, session.id, config.appUrl)).toEqual(expired);
    } finally {
      await s.control("DELETE", "/_sim/faults");
    }
    expect(await m.db.paymentEvent.count({ where: { orderId: order.id, type: "CHECKOUT_SESSION_EXPIRED" } })).toBe(1);
    // One checkout.session.expired in the outbox, however often it is expired.
    expect((await m.db.event.findMany({ where: { orderId: order.id } })).map((e) => e.type)).toEqual([
      "checkout.session.expired",
    ]);
    // The page cannot place a new attempt on it.
    expect((await refusal(placePrepay(m.db, s.wechat, { orderNo: session.orderNo, channel: "NATIVE" }))).code).toBe(
      "ORDER_CLOSED",
    );
  });

  it("refuses to expire a paid session (409), also when found paid while closing", async (ctx) => {
    if (!m) return ctx.skip();
    const a = await withAttempt();
    await s.control("POST", `/_sim/orders/${a.placed.outTradeNo}/pay`, {});
    await syncPayment(m.db, s.wechat, a.placed.outTradeNo);
    expect(await refusal(expireCheckoutSession(m.db, s.wechat, a.session.id, config.appUrl))).toMatchObject({
      status: 409,
      code: "SESSION_COMPLETE",
    });
    // Paid at WeChat Pay, the notification not here yet: the close finds it paid and records it.
    const b = await withAttempt();
    await s.control("POST", `/_sim/orders/${b.placed.outTradeNo}/pay`, {});
    expect(await refusal(expireCheckoutSession(m.db, s.wechat, b.session.id, config.appUrl))).toMatchObject({
      status: 409,
      code: "SESSION_COMPLETE",
    });
    expect((await getCheckoutSession(m.db, b.session.id, config.appUrl, false)).status).toBe("complete");
    // Found paid: completed, never expired.
    const events = await m.db.event.findMany({ where: { orderId: { not: null } } });
    const bOrder = await m.db.order.findUniqueOrThrow({ where: { orderNo: b.session.orderNo } });
    expect(events.filter((e) => e.orderId === bOrder.id).map((e) => e.type)).toEqual([
      "payment.succeeded",
      "checkout.session.completed",
    ]);
  });

  it("answers 503 and marks nothing when WeChat Pay is unreachable", async (ctx) => {
    if (!m) return ctx.skip();
    const { session, placed } = await withAttempt();
    await s.control("POST", "/_sim/faults", { endpoint: "close", kind: "error500" });
    try {
      const r = await refusal(expireCheckoutSession(m.db, s.wechat, session.id, config.appUrl));
      expect(r.status).toBe(503);
    } finally {
      await s.control("DELETE", "/_sim/faults");
    }
    const order = await m.db.order.findUniqueOrThrow({
      where: { orderNo: session.orderNo },
      include: { payments: true, checkoutSession: true },
    });
    expect(order.status).toBe("PENDING");
    expect(order.payments.map((p) => p.status)).toEqual(["PENDING"]);
    expect(order.checkoutSession?.expiredAt).toBeNull();
    expect((await simTrade(placed.outTradeNo))?.trade_state).toBe("NOTPAY");
  });

  it("place-prepay caps time_expire at the session's expiry and refuses a session about to expire", async (ctx) => {
    if (!m) return ctx.skip();
    const { session, placed } = await withAttempt({ expiresInSeconds: 300 });
    expect(placed.expiresAt.toISOString()).toBe(session.expiresAt);
    const trade = await simTrade(placed.outTradeNo);
    expect(Date.parse(trade!.time_expire!)).toBe(Math.floor(Date.parse(session.expiresAt) / 1000) * 1000);

    const { session: late } = await create({ ...base(), expiresInSeconds: 300 });
    const before = await m.db.paymentAttempt.count();
    for (const at of [later(250), later(301)]) {
      const r = await refusal(placePrepay(m.db, s.wechat, { orderNo: late.orderNo, channel: "NATIVE" }, at));
      expect(r).toMatchObject({ status: 409, code: "ORDER_EXPIRED" });
    }
    expect(await m.db.paymentAttempt.count()).toBe(before);
  });

  it("the worker closes an overdue session's order after closing its attempt at the simulator", async (ctx) => {
    if (!m) return ctx.skip();
    const { session, placed } = await withAttempt({ expiresInSeconds: 300 });
    const open = await create({ ...base(), expiresInSeconds: 3600 });
    const settings = { ...workerSettings(loadConfig({})), reconcileAfterHour: -1 };
    const r = await runWorkerTick(m.db, s.wechat, settings, later(301));
    expect(r.errors).toEqual([]);
    expect(r.sessionsExpired).toBeGreaterThanOrEqual(1);
    expect((await simTrade(placed.outTradeNo))?.trade_state).toBe("CLOSED");
    const order = await m.db.order.findUniqueOrThrow({
      where: { orderNo: session.orderNo },
      include: { payments: true, events: true, checkoutSession: true },
    });
    expect(order.status).toBe("CLOSED");
    expect(order.payments.map((p) => p.status)).toEqual(["CLOSED"]);
    expect(order.checkoutSession?.expiredAt).not.toBeNull();
    expect(order.events.find((e) => e.type === "CHECKOUT_SESSION_EXPIRED")?.detail).toMatchObject({
      reason: "expires_at",
    });
    expect((await getCheckoutSession(m.db, open.session.id, config.appUrl, false)).status).toBe("open");
    const second = await runWorkerTick(m.db, s.wechat, settings, later(302));
    expect(second.sessionsExpired).toBe(0);
  });

  it("the admin order detail shows the session, its reference, metadata, redirects and timeline events", async (ctx) => {
    if (!m) return ctx.skip();
    const { session } = await withAttempt({ clientReferenceId: "crm-9", metadata: { plan: "pro" } });
    await expireCheckoutSession(m.db, s.wechat, session.id, config.appUrl);
    const { order, timeline } = await getOrderDetail(m.db, session.orderNo);
    expect(order.checkoutSession).toMatchObject({
      id: session.id,
      clientReferenceId: "crm-9",
      metadata: { plan: "pro" },
      successUrl: session.successUrl,
      cancelUrl: null,
    });
    expect(order.checkoutSession?.expiredAt).not.toBeNull();
    const types = timeline.map((e) => e.type);
    expect(types[0]).toBe("CHECKOUT_SESSION_CREATED");
    expect(types).toContain("CHECKOUT_SESSION_EXPIRED");
    expect(timeline[0]!.detail).toMatchObject({ sessionId: session.id, clientReferenceId: "crm-9" });
  });
});
