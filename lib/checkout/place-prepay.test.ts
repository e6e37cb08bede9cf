import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError } from "@/lib/errors/app-error";
import { WechatPayApiError } from "@/lib/wechatpay";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { startSimWechat, type SimWechat } from "@/tests/worker/simulator-wechat";
import { createOrder } from "./create-order";
import { prismaRunner } from "@/lib/db/hot-sql";
import { clientKey, hitWindow } from "@/lib/http/rate-limit";
import { ORDER_RULE, ORDERS_PER_MINUTE } from "./shopper-rate-limits";
import { EARLY_QUERY_MIN_GAP_S, queryPaymentNow, readPaymentStatus } from "./payment-status";
import { placePrepay } from "./place-prepay";

// Real parts: a migrated PGlite database and the simulator over HTTP (notifications go nowhere,
// so "paid" can only come from the active query).
describe("checkout against the simulator", () => {
  let m: MigratedDb | null;
  let s: SimWechat;
  let productId: string;

  beforeAll(async () => {
    [m, s] = await Promise.all([openMigratedDb("pglite"), startSimWechat()]);
    const p = await m!.db.product.create({ data: { sku: "T-1", name: "测试茶", nameEn: "Test tea", priceFen: 1234 } });
    await m!.db.product.create({ data: { sku: "T-OFF", name: "下架", nameEn: "Off", priceFen: 1, active: false } });
    productId = p.id;
  });
  afterAll(async () => {
    await s?.stop();
    await m?.dispose();
  });

  const newOrder = async (quantity = 1) =>
    (await createOrder(m!.db, { items: [{ productId, quantity }] }, false)).orderNo;
  const simOrders = async (prefix: string) =>
    (await s.control<{ out_trade_no: string; trade_state: string }[]>("GET", "/_sim/orders")).data.filter((o) =>
      o.out_trade_no.startsWith(prefix),
    );

  it("prices orders from the catalog and refuses inactive products", async () => {
    const o = await createOrder(m!.db, { items: [{ productId, quantity: 3 }] }, false);
    expect(o.totalFen).toBe(3702);
    const stored = await m!.db.order.findUniqueOrThrow({ where: { orderNo: o.orderNo }, include: { items: true } });
    expect(stored.items).toMatchObject([{ unitPriceFen: 1234, quantity: 3, lineTotalFen: 3702 }]);
    const off = await m!.db.product.findUniqueOrThrow({ where: { sku: "T-OFF" } });
    await expect(createOrder(m!.db, { items: [{ productId: off.id, quantity: 1 }] }, false)).rejects.toMatchObject({
      code: "UNKNOWN_PRODUCT",
    });
  });

  it("places a Native prepay once and reuses it while valid", async () => {
    const orderNo = await newOrder();
    const a = await placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" });
    expect(a).toMatchObject({ reused: false, amountFen: 1234, codeUrl: expect.stringMatching(/^weixin:\/\//) });
    expect(a.expiresAt.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    const b = await placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" });
    expect(b).toMatchObject({ reused: true, outTradeNo: a.outTradeNo, codeUrl: a.codeUrl });
    expect(await simOrders(orderNo.replace("-", ""))).toHaveLength(1);
  });

  it("stores the attempt before calling: a lost answer is retried with the same out_trade_no", async () => {
    const orderNo = await newOrder();
    await s.control("POST", "/_sim/faults", { endpoint: "native", kind: "error500", phase: "after" });
    try {
      await expect(placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" })).rejects.toBeInstanceOf(
        WechatPayApiError,
      );
    } finally {
      await s.control("DELETE", "/_sim/faults");
    }
    const [stored] = await m!.db.paymentAttempt.findMany({ where: { order: { orderNo } } });
    expect(stored).toMatchObject({ status: "PENDING", codeUrl: null });
    const placed = await placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" });
    expect(placed.outTradeNo).toBe(stored!.outTradeNo);
    expect(placed.codeUrl).toBeTruthy();
    expect(await simOrders(orderNo.replace("-", ""))).toHaveLength(1);
  });

  it("a refused prepay closes the attempt so the next try gets a new out_trade_no", async () => {
    const orderNo = await newOrder();
    await s.control("POST", "/_sim/faults", { endpoint: "native", kind: "error500", phase: "after" });
    await placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" }).catch(() => null);
    await s.control("DELETE", "/_sim/faults");
    const [first] = await m!.db.paymentAttempt.findMany({ where: { order: { orderNo } } });
    await s.control("POST", `/_sim/orders/${first!.outTradeNo}/expire`);
    await expect(placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" })).rejects.toMatchObject({
      code: "ORDER_CLOSED",
    });
    expect((await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id: first!.id } })).status).toBe("CLOSED");
    const next = await placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" });
    expect(next.outTradeNo).not.toBe(first!.outTradeNo);
  });

  /** An attempt whose prepay reached the simulator but whose answer was lost (5xx after processing). */
  const lostAnswer = async () => {
    const orderNo = await newOrder();
    await s.control("POST", "/_sim/faults", { endpoint: "native", kind: "error500", phase: "after" });
    await expect(placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" })).rejects.toBeInstanceOf(
      WechatPayApiError,
    );
    await s.control("DELETE", "/_sim/faults");
    const [first] = await m!.db.paymentAttempt.findMany({ where: { order: { orderNo } } });
    expect((await simOrders(first!.outTradeNo))[0]?.trade_state).toBe("NOTPAY"); // it exists there
    return { orderNo, first: first! };
  };
  const refuseNext = (code: string, status = 400) =>
    s.control("POST", "/_sim/faults", { endpoint: "native", kind: "refuse", status, code, count: 1 });

  it.each([
    ["OUT_TRADE_NO_USED", 403],
    ["INVALID_REQUEST", 400],
    ["A_CODE_WE_DO_NOT_KNOW", 400],
  ])("a re-entry refused with %s is closed at WeChat Pay before it is closed here", async (code, status) => {
    const { orderNo, first } = await lostAnswer();
    await refuseNext(code, status);
    await expect(placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" })).rejects.toMatchObject({ code });
    expect((await simOrders(first.outTradeNo))[0]!.trade_state).toBe("CLOSED");
    expect((await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("CLOSED");
    const next = await placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" });
    expect(next.outTradeNo).not.toBe(first.outTradeNo);
  });

  it("a refused re-entry of an attempt paid meanwhile records the payment instead of closing it", async () => {
    const { orderNo, first } = await lostAnswer();
    await s.control("POST", `/_sim/orders/${first.outTradeNo}/pay`);
    await refuseNext("INVALID_REQUEST");
    await expect(placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" })).rejects.toMatchObject({
      code: "ORDER_ALREADY_PAID",
    });
    const p = await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id: first.id }, include: { order: true } });
    expect([p.status, p.order.status]).toEqual(["PAID", "PAID"]);
    expect(await m!.db.paymentAttempt.count({ where: { orderId: p.orderId } })).toBe(1);
  });

  it("a refusal whose close cannot reach WeChat Pay leaves the attempt PENDING, never closed here", async () => {
    const { orderNo, first } = await lostAnswer();
    await refuseNext("INVALID_REQUEST");
    await s.control("POST", "/_sim/faults", { endpoint: "close", kind: "error500", count: 3 });
    try {
      await expect(placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" })).rejects.toMatchObject({
        code: "INVALID_REQUEST",
      });
    } finally {
      await s.control("DELETE", "/_sim/faults");
    }
    expect((await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("PENDING");
    expect((await simOrders(first.outTradeNo))[0]!.trade_state).toBe("NOTPAY");
  });

  it("keeps one open attempt per order: switching channel or payer closes the old one", async () => {
    const orderNo = await newOrder();
    const native = await placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" });
    const h5 = await placePrepay(m!.db, s.wechat, { orderNo, channel: "H5", clientIp: "203.0.113.7" });
    expect(h5.h5Url).toMatch(/\/h5pay\?token=/);
    const attempts = await m!.db.paymentAttempt.findMany({
      where: { order: { orderNo } },
      orderBy: { createdAt: "asc" },
    });
    expect(attempts.map((a) => [a.channel, a.status])).toEqual([
      ["NATIVE", "CLOSED"],
      ["H5", "PENDING"],
    ]);
    expect((await simOrders(native.outTradeNo))[0]!.trade_state).toBe("CLOSED");

    await expect(placePrepay(m!.db, s.wechat, { orderNo, channel: "JSAPI" })).rejects.toMatchObject({
      code: "OPENID_REQUIRED",
    });
    const alice = await placePrepay(m!.db, s.wechat, { orderNo, channel: "JSAPI", openid: "o-alice" });
    const bob = await placePrepay(m!.db, s.wechat, { orderNo, channel: "JSAPI", openid: "o-bob" });
    expect(bob.outTradeNo).not.toBe(alice.outTradeNo);
    expect((await m!.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo: alice.outTradeNo } })).status).toBe(
      "CLOSED",
    );
  });

  it("the status read never asks WeChat Pay, however late; the shopper's early query finds the payment", async () => {
    const orderNo = await newOrder();
    const p = await placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" });
    await s.control("POST", `/_sim/orders/${p.outTradeNo}/pay`);
    // Paid at WeChat Pay, notification lost: reads (the page's stream and polls) answer the
    // stored state and leave the query to the worker (lib/worker/query-schedule.ts).
    expect((await readPaymentStatus(m!.db, p.outTradeNo)).status).toBe("PENDING");
    expect((await readPaymentStatus(m!.db, p.outTradeNo)).status).toBe("PENDING");
    const stored = await m!.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo: p.outTradeNo } });
    expect(stored.lastQueriedAt).toBeNull();
    expect(await m!.db.paymentEvent.count({ where: { paymentId: stored.id, type: "QUERIED" } })).toBe(0);
    // "I have paid": one early query.
    const paid = await queryPaymentNow(m!.db, s.wechat, p.outTradeNo, { rate: 100 });
    expect(paid).toMatchObject({
      outTradeNo: p.outTradeNo,
      status: "PAID",
      orderNo,
      orderStatus: "PAID",
      amountFen: 1234,
    });
    expect(paid.paidAt).not.toBeNull();
    expect(await readPaymentStatus(m!.db, p.outTradeNo)).toEqual(paid);
    await expect(placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" })).rejects.toBeInstanceOf(ConflictError);
  });

  it("early queries run at most once per few seconds per payment; repeats share one timeline row", async () => {
    const orderNo = await newOrder();
    const p = await placePrepay(m!.db, s.wechat, { orderNo, channel: "NATIVE" });
    await queryPaymentNow(m!.db, s.wechat, p.outTradeNo, { rate: 100 });
    const after1 = await m!.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo: p.outTradeNo } });
    expect(after1.lastQueriedAt).not.toBeNull();
    // One second later (a double click, a second tab): no second query.
    const soon = new Date(after1.lastQueriedAt!.getTime() + 1_000);
    await queryPaymentNow(m!.db, s.wechat, p.outTradeNo, { rate: 100, now: soon });
    const after2 = await m!.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo: p.outTradeNo } });
    expect(after2.lastQueriedAt).toEqual(after1.lastQueriedAt);
    const queried = () => m!.db.paymentEvent.findMany({ where: { paymentId: after1.id, type: "QUERIED" } });
    expect((await queried()).map((e) => (e.detail as { count?: number }).count)).toEqual([1]);
    // After the gap it may ask again; NOTPAY again is counted on the same row, not a new one.
    const later = new Date(after1.lastQueriedAt!.getTime() + (EARLY_QUERY_MIN_GAP_S + 1) * 1_000);
    await queryPaymentNow(m!.db, s.wechat, p.outTradeNo, { rate: 100, now: later });
    expect(
      (await queried()).map((e) => [
        (e.detail as { count?: number }).count,
        (e.detail as { tradeState?: string }).tradeState,
      ]),
    ).toEqual([[2, "NOTPAY"]]);
  });

  it("limits order creation per client, in the database (PGlite here)", async () => {
    const sql = prismaRunner(m!.db);
    const hit = (ip: string) => hitWindow(sql, ORDER_RULE, clientKey(ip));
    await Promise.all(Array.from({ length: ORDERS_PER_MINUTE }, () => hit("198.51.100.9")));
    await expect(hit("198.51.100.9")).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(hit("198.51.100.10")).resolves.toBeUndefined();
    // One IPv6 subscriber's /64 is one client.
    for (let i = 0; i < ORDERS_PER_MINUTE; i++) await hit(`2001:db8:1:2::${i.toString(16)}`);
    await expect(hit("2001:db8:1:2:ffff::1")).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(hit("2001:db8:1:3::1")).resolves.toBeUndefined();
  });
});
