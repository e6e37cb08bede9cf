import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Transaction } from "@/lib/wechatpay";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { applyTransaction } from "./apply-transaction";

const merchant = { mchId: "1900000109", appId: "wxdemoappid00001", livemode: false };

describe.each(["pglite", "postgres"] as const)("applyTransaction on %s", (kind) => {
  let m: MigratedDb | null;
  let n = 0;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
  });
  afterAll(async () => {
    await m?.dispose();
  });

  async function pendingPayment(amountFen = 2900) {
    n += 1;
    const order = await m!.db.order.create({
      data: { livemode: false, orderNo: `T-${kind}-${n}`, totalFen: amountFen, description: "测试" },
    });
    return m!.db.paymentAttempt.create({
      data: {
        livemode: false,
        orderId: order.id,
        outTradeNo: `OTN${kind}${n}x0001`,
        channel: "NATIVE",
        amountFen,
        mchid: merchant.mchId,
        appid: merchant.appId,
        expiresAt: new Date(Date.now() + 7200_000),
      },
    });
  }
  const success = (outTradeNo: string, total: number, over: Partial<Transaction> = {}): Transaction => ({
    appid: merchant.appId,
    mchid: merchant.mchId,
    out_trade_no: outTradeNo,
    transaction_id: `42000${outTradeNo}`,
    trade_type: "NATIVE",
    trade_state: "SUCCESS",
    success_time: "2026-11-26T10:00:00+08:00",
    amount: { total, currency: "CNY", payer_total: total },
    payer: { openid: "o-demo" },
    ...over,
  });
  const note = (id: string) => ({
    kind: "notification" as const,
    notificationId: id,
    eventType: "TRANSACTION.SUCCESS",
  });

  it("marks a pending payment paid once; the duplicate notification does nothing", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await pendingPayment();
    const first = await applyTransaction(m.db, success(p.outTradeNo, 2900), note(`EV-${p.id}`), merchant);
    expect(first).toEqual({ result: "TRANSITIONED", id: p.id, from: "PENDING", to: "PAID" });
    const again = await applyTransaction(m.db, success(p.outTradeNo, 2900), note(`EV-${p.id}`), merchant);
    expect(again).toEqual({ result: "DUPLICATE" });
    const stored = await m.db.paymentAttempt.findUniqueOrThrow({ where: { id: p.id }, include: { order: true } });
    expect(stored.status).toBe("PAID");
    expect(stored.order.status).toBe("PAID");
    expect(stored.transactionId).toBe(`42000${p.outTradeNo}`);
    expect(await m.db.notificationEvent.count({ where: { notificationId: `EV-${p.id}` } })).toBe(1);
  });

  it("flags an amount mismatch and never marks it paid", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await pendingPayment(2900);
    const r = await applyTransaction(m.db, success(p.outTradeNo, 1), note(`EV-amt-${p.id}`), merchant);
    expect(r).toMatchObject({ result: "FLAGGED", reason: "AMOUNT_MISMATCH" });
    expect((await m.db.paymentAttempt.findUniqueOrThrow({ where: { id: p.id } })).status).toBe("PENDING");
    const ev = await m.db.notificationEvent.findUniqueOrThrow({ where: { notificationId: `EV-amt-${p.id}` } });
    expect(ev.flagged).toBe(true);
    expect(ev.flagReason).toBe("AMOUNT_MISMATCH");
  });

  it("a notification racing a query ends in one transition", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await pendingPayment();
    const results = await Promise.all([
      applyTransaction(m.db, success(p.outTradeNo, 2900), note(`EV-race-${p.id}`), merchant),
      applyTransaction(m.db, success(p.outTradeNo, 2900), { kind: "query" }, merchant),
      applyTransaction(m.db, success(p.outTradeNo, 2900), { kind: "query" }, merchant),
    ]);
    expect(results.filter((r) => r.result === "TRANSITIONED")).toHaveLength(1);
    expect(await m.db.paymentEvent.count({ where: { paymentId: p.id, type: "STATE_CHANGED" } })).toBe(1);
  });

  it("a second attempt of an already paid order is recorded paid and flagged for a refund", async (ctx) => {
    if (!m) return ctx.skip();
    const first = await pendingPayment();
    const second = await m.db.paymentAttempt.create({
      data: {
        livemode: false,
        orderId: first.orderId,
        outTradeNo: `${first.outTradeNo}B`,
        channel: "NATIVE",
        amountFen: 2900,
        mchid: merchant.mchId,
        appid: merchant.appId,
        expiresAt: new Date(Date.now() + 7200_000),
      },
    });
    await applyTransaction(m.db, success(first.outTradeNo, 2900), { kind: "query" }, merchant);
    const r = await applyTransaction(m.db, success(second.outTradeNo, 2900), note(`EV-double-${second.id}`), merchant);
    expect(r).toMatchObject({ result: "TRANSITIONED", to: "PAID", flag: "DOUBLE_PAYMENT" });
    const ev = await m.db.notificationEvent.findUniqueOrThrow({ where: { notificationId: `EV-double-${second.id}` } });
    expect([ev.flagged, ev.flagReason]).toEqual([true, "DOUBLE_PAYMENT"]);
    expect(await m.db.paymentEvent.count({ where: { paymentId: second.id, type: "FLAGGED" } })).toBe(1);
  });

  it("a CLOSED report after payment is not applied backwards", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await pendingPayment();
    await applyTransaction(m.db, success(p.outTradeNo, 2900), { kind: "query" }, merchant);
    const r = await applyTransaction(
      m.db,
      success(p.outTradeNo, 2900, { trade_state: "CLOSED" }),
      { kind: "query" },
      merchant,
    );
    expect(r).toMatchObject({ result: "FLAGGED", reason: "STATE_CONFLICT" });
    expect((await m.db.paymentAttempt.findUniqueOrThrow({ where: { id: p.id } })).status).toBe("PAID");
  });
});
