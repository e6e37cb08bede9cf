// POST /api/v1/refunds's domain function against the real simulator on both engines: the admin
// refund's guarantees (reserve first, Σ ≤ paid, same out_refund_no on a retry, one refund per
// Idempotency-Key under concurrency) with the order resolved from orderNo or checkoutSessionId.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyLabel, authenticateApiKey, type ApiKeyActor } from "@/lib/api-keys/authenticate-api-key";
import { ConflictError, NotFoundError } from "@/lib/errors/app-error";
import { getMerchantOrder } from "@/lib/orders/get-merchant-order";
import { orderObjectSchema } from "@/lib/orders/order-object";
import { getMerchantRefund } from "@/lib/refunds/get-merchant-refund";
import { createRefundSchema, type CreateRefundInput } from "@/lib/refunds/merchant-refund-input";
import { refundObjectSchema } from "@/lib/refunds/refund-object";
import { requestMerchantRefund } from "@/lib/refunds/request-merchant-refund";
import { adminUser, bearer, newKey, paidOrder } from "@/tests/api-keys/fixtures";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { startSimWechat, type SimWechat } from "@/tests/worker/simulator-wechat";

describe.each(["pglite", "postgres"] as const)("merchant refunds on %s", (kind) => {
  let m: MigratedDb | null;
  let s: SimWechat;
  let actor: ApiKeyActor;
  let k = 0;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
    if (!m) return;
    s = await startSimWechat();
    const admin = await adminUser(m.db);
    const key = await newKey(m.db, admin, ["refunds:write", "orders:read"], "Shop backend");
    actor = await authenticateApiKey(m.db, bearer(key.secret), "refunds:write");
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
    await m?.dispose();
  });

  const key = () => `idem-${kind}-${++k}-${Date.now()}`;
  const input = (b: Record<string, unknown>): CreateRefundInput => createRefundSchema.parse(b);
  const refund = (b: Record<string, unknown>, idempotencyKey = key()) =>
    requestMerchantRefund(m!.db, s.wechat, { input: input(b), idempotencyKey, actor, ip: "10.1.1.1" });
  const simRefunds = async (outTradeNo: string) =>
    (await s.control<{ out_trade_no: string; out_refund_no: string }[]>("GET", "/_sim/refunds")).data.filter(
      (r) => r.out_trade_no === outTradeNo,
    );

  it("refunds a whole order by orderNo: sent to WeChat Pay, recorded as the key's, audited under its label", async (ctx) => {
    if (!m) return ctx.skip();
    const o = await paidOrder(m.db, s, 1200);
    const { refund: r, created } = await refund({ orderNo: o.orderNo, amountFen: 1200, reason: "整单退款" });
    expect(created).toBe(true);
    expect(refundObjectSchema.parse(r)).toEqual(r);
    expect(r).toMatchObject({
      object: "refund",
      status: "PROCESSING",
      amountFen: 1200,
      reason: "整单退款",
      orderNo: o.orderNo,
      checkoutSessionId: null,
      outTradeNo: o.outTradeNos[0],
      succeededAt: null,
      failureCode: null,
    });
    expect((await simRefunds(o.outTradeNos[0]!)).map((x) => x.out_refund_no)).toEqual([r.outRefundNo]);

    const row = await m.db.refund.findUniqueOrThrow({ where: { id: r.id } });
    expect([row.apiKeyId, row.requestedBy, row.requestedById]).toEqual([actor.id, apiKeyLabel(actor), null]);
    const audit = await m.db.auditLog.findFirstOrThrow({ where: { targetId: r.outRefundNo } });
    expect(audit).toMatchObject({
      action: "REFUND_REQUESTED",
      actorId: null,
      actorEmail: apiKeyLabel(actor),
      orderNo: o.orderNo,
      ip: "10.1.1.1",
    });
    expect(audit.detail).toMatchObject({ apiKeyId: actor.id, amountFen: 1200 });

    // Nothing is left: any more is a 409, and nothing reaches WeChat Pay.
    await expect(refund({ orderNo: o.orderNo, amountFen: 1 })).rejects.toMatchObject({
      status: 409,
      code: "REFUND_EXCEEDS_REMAINING",
    });
    expect(await simRefunds(o.outTradeNos[0]!)).toHaveLength(1);
  });

  it("refunds part of a Checkout Session's order by its id, then the rest; more is 409", async (ctx) => {
    if (!m) return ctx.skip();
    const o = await paidOrder(m.db, s, 1000, { session: true });
    const first = await refund({ checkoutSessionId: o.checkoutSessionId, amountFen: 300 });
    expect(first.refund).toMatchObject({
      status: "PROCESSING",
      amountFen: 300,
      reason: "",
      orderNo: o.orderNo,
      checkoutSessionId: o.checkoutSessionId,
    });
    await expect(refund({ checkoutSessionId: o.checkoutSessionId, amountFen: 701 })).rejects.toMatchObject({
      status: 409,
      code: "REFUND_EXCEEDS_REMAINING",
      details: { remainingFen: 700 },
    });
    // WeChat Pay takes one new refund per order per minute.
    await s.control("POST", "/_sim/clock/advance", { seconds: 61 });
    const rest = await refund({ orderNo: o.orderNo, amountFen: 700 }).finally(() =>
      s.control("POST", "/_sim/clock/advance", { seconds: -61 }),
    );
    expect(rest.refund.outRefundNo).not.toBe(first.refund.outRefundNo);
    expect((await m.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo: o.outTradeNos[0] } })).refundedFen).toBe(
      1000,
    );
    expect(await simRefunds(o.outTradeNos[0]!)).toHaveLength(2);

    // The order object lists both, with the session's face.
    const order = await getMerchantOrder(m.db, o.orderNo, false);
    expect(orderObjectSchema.parse(order)).toEqual(order);
    expect(order).toMatchObject({
      object: "order",
      status: "PAID",
      amountTotalFen: 1000,
      refundedFen: 1000,
      currency: "CNY",
      checkoutSessionId: o.checkoutSessionId,
      clientReferenceId: expect.stringMatching(/^cart-/),
      metadata: { note: "测试" },
      lineItems: [{ productId: null, name: "年度会员", unitAmountFen: 1000, quantity: 1, amountFen: 1000 }],
      payments: [{ outTradeNo: o.outTradeNos[0], channel: "NATIVE", status: "PAID", amountFen: 1000 }],
    });
    expect(order.refunds.map((r) => r.id)).toEqual([first.refund.id, rest.refund.id]);
    expect(order.paidAt).toBe(order.payments[0]!.paidAt);
  });

  it("a replay with the same key answers the same refund; the same key with another body is 409", async (ctx) => {
    if (!m) return ctx.skip();
    const o = await paidOrder(m.db, s, 900);
    const other = await paidOrder(m.db, s, 900);
    const idem = key();
    const body = { orderNo: o.orderNo, amountFen: 400, reason: "退一件" };
    const first = await refund(body, idem);
    const again = await refund(body, idem);
    expect(again).toEqual({ refund: first.refund, created: false });
    expect(await simRefunds(o.outTradeNos[0]!)).toHaveLength(1);

    for (const changed of [
      { ...body, amountFen: 401 },
      { ...body, reason: "别的原因" },
      { ...body, orderNo: other.orderNo },
    ]) {
      const err = await refund(changed, idem).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect(err).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", details: { refundId: first.refund.id } });
    }
    expect((await m.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo: o.outTradeNos[0] } })).refundedFen).toBe(
      400,
    );
    expect(await m.db.refund.count({ where: { payment: { orderId: other.orderId } } })).toBe(0);
  });

  it("WeChat Pay failing before it acted leaves the refund CREATED (reserved); the replay sends the same out_refund_no once", async (ctx) => {
    if (!m) return ctx.skip();
    const o = await paidOrder(m.db, s, 800);
    await s.control("POST", "/_sim/faults", { endpoint: "refund", kind: "error500", count: 3 });
    const idem = key();
    const first = await refund({ orderNo: o.orderNo, amountFen: 800 }, idem);
    expect([first.refund.status, first.created]).toEqual(["CREATED", true]);
    expect((await m.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo: o.outTradeNos[0] } })).refundedFen).toBe(
      800,
    );
    expect(await simRefunds(o.outTradeNos[0]!)).toHaveLength(0);
    const again = await refund({ orderNo: o.orderNo, amountFen: 800 }, idem);
    expect(again.created).toBe(false);
    expect(again.refund).toMatchObject({
      id: first.refund.id,
      outRefundNo: first.refund.outRefundNo,
      status: "PROCESSING",
    });
    expect((await simRefunds(o.outTradeNos[0]!)).map((r) => r.out_refund_no)).toEqual([first.refund.outRefundNo]);
  });

  it("two concurrent full refunds with one key make one refund, and both answers name it", async (ctx) => {
    if (!m) return ctx.skip();
    const o = await paidOrder(m.db, s, 500);
    const idem = key();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => refund({ orderNo: o.orderNo, amountFen: 500 }, idem)),
    );
    expect(new Set(answers.map((a) => a.refund.id)).size).toBe(1);
    expect(answers.filter((a) => a.created)).toHaveLength(1);
    expect(await m.db.refund.count({ where: { payment: { orderId: o.orderId } } })).toBe(1);
    expect(await simRefunds(o.outTradeNos[0]!)).toHaveLength(1);
  });

  it("concurrent requests with different keys never together exceed what was paid", async (ctx) => {
    if (!m) return ctx.skip();
    const o = await paidOrder(m.db, s, 1000);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => refund({ orderNo: o.orderNo, amountFen: 300 })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(3);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ status: 409 });
    const pay = await m.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo: o.outTradeNos[0] } });
    expect(pay.refundedFen).toBe(900);
  });

  it("an order paid twice refunds from the earliest paid attempt with room, then the next", async (ctx) => {
    if (!m) return ctx.skip();
    const o = await paidOrder(m.db, s, 1000, { payments: 2 });
    const [first, second] = o.outTradeNos;
    expect((await refund({ orderNo: o.orderNo, amountFen: 800 })).refund.outTradeNo).toBe(first);
    expect((await refund({ orderNo: o.orderNo, amountFen: 800 })).refund.outTradeNo).toBe(second);
    expect((await refund({ orderNo: o.orderNo, amountFen: 200 })).refund.outTradeNo).toBe(first);
    await expect(refund({ orderNo: o.orderNo, amountFen: 201 })).rejects.toMatchObject({
      code: "REFUND_EXCEEDS_REMAINING",
      details: { remainingFen: 200 },
    });
    const order = await getMerchantOrder(m.db, o.orderNo, false);
    expect(order.refundedFen).toBe(1800);
    expect(order.payments.map((p) => p.outTradeNo)).toEqual([first, second]);
  });

  it("unknown orders and sessions are 404; an unpaid order is 409; both change nothing", async (ctx) => {
    if (!m) return ctx.skip();
    await expect(refund({ orderNo: "20260101-ABCDEFGH", amountFen: 1 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(refund({ checkoutSessionId: `cs_${"x".repeat(24)}`, amountFen: 1 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const unpaid = await paidOrder(m.db, s, 700, { paid: false });
    await expect(refund({ orderNo: unpaid.orderNo, amountFen: 100 })).rejects.toMatchObject({
      status: 409,
      code: "PAYMENT_NOT_REFUNDABLE",
    });
    expect(await m.db.refund.count({ where: { payment: { orderId: unpaid.orderId } } })).toBe(0);
  });

  it("GET refunds/:id answers the same object; unknown or malformed ids are 404", async (ctx) => {
    if (!m) return ctx.skip();
    const o = await paidOrder(m.db, s, 600);
    const { refund: r } = await refund({ orderNo: o.orderNo, amountFen: 600 });
    expect(await getMerchantRefund(m.db, s.wechat, r.id)).toEqual(r);
    await expect(getMerchantRefund(m.db, s.wechat, "00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(getMerchantRefund(m.db, s.wechat, "nope")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("WeChat Pay's refusal is an answer: REJECTED with its code, the amount refundable again", async (ctx) => {
    if (!m) return ctx.skip();
    // Our record says 800 fen was paid, WeChat Pay's says 500: it refuses amount.total.
    const o = await paidOrder(m.db, s, 800, { simFen: 500 });
    const { refund: r, created } = await refund({ orderNo: o.orderNo, amountFen: 800 });
    expect([r.status, created]).toEqual(["REJECTED", true]);
    expect(r.failureCode).toMatch(/^[A-Z_]+$/);
    const pay = await m.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo: o.outTradeNos[0] } });
    expect([pay.refundedFen, pay.status]).toEqual([0, "PAID"]);
    expect((await getMerchantOrder(m.db, o.orderNo, false)).refunds).toEqual([r]);
  });

  it("the order object of an unknown or malformed order number is 404", async (ctx) => {
    if (!m) return ctx.skip();
    await expect(getMerchantOrder(m.db, "20260101-ABCDEFGH", false)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getMerchantOrder(m.db, "../../etc", false)).rejects.toBeInstanceOf(NotFoundError);
  });
});
