// Point 7 of the issue: every query is kept as an event with its time, also when it finds
// nothing new (ORDER_NOT_EXIST, a refund still PROCESSING), so the order's timeline is complete.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncPayment } from "@/lib/payments/sync-payment";
import { syncRefund } from "@/lib/payments/sync-refund";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { startSimWechat, type SimWechat } from "./simulator-wechat";

let m: MigratedDb;
let s: SimWechat;
beforeAll(async () => {
  m = (await openMigratedDb("pglite"))!;
  s = await startSimWechat({ refundDelayMs: -1 }); // refunds stay PROCESSING until settled by hand
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await m?.dispose();
});

async function payment(outTradeNo: string, amountFen = 800) {
  const order = await m.db.order.create({
    data: { livemode: false, orderNo: `O-${outTradeNo}`, totalFen: amountFen, description: "时间线" },
  });
  return m.db.paymentAttempt.create({
    data: {
      livemode: false,
      orderId: order.id,
      outTradeNo,
      channel: "NATIVE",
      amountFen,
      mchid: s.wechat.merchant.mchId,
      appid: s.wechat.merchant.appId,
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });
}

describe("timeline events for queries", () => {
  it("a query answered ORDER_NOT_EXIST is an event; NOTPAY and SUCCESS too", async () => {
    const p = await payment(`TL${Date.now()}`);
    expect(await syncPayment(m.db, s.wechat, p.outTradeNo)).toBeNull();
    await s.wechat.client.createNativeOrder({
      outTradeNo: p.outTradeNo,
      description: "时间线",
      amountFen: 800,
      notifyUrl: "http://127.0.0.1:9/n",
    });
    await syncPayment(m.db, s.wechat, p.outTradeNo);
    await s.control("POST", `/_sim/orders/${p.outTradeNo}/pay`, {});
    await syncPayment(m.db, s.wechat, p.outTradeNo);
    const events = await m.db.paymentEvent.findMany({ where: { paymentId: p.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.type, (e.detail as { tradeState?: string }).tradeState])).toEqual([
      ["QUERIED", "ORDER_NOT_EXIST"],
      ["QUERIED", "NOTPAY"],
      ["STATE_CHANGED", "SUCCESS"],
    ]);
    expect(events.every((e) => e.orderId === p.orderId && e.createdAt instanceof Date)).toBe(true);
  });

  it("a refund query that finds it still PROCESSING is an event", async () => {
    const p = await payment(`TR${Date.now()}`, 1200);
    await s.wechat.client.createNativeOrder({
      outTradeNo: p.outTradeNo,
      description: "时间线",
      amountFen: 1200,
      notifyUrl: "http://127.0.0.1:9/n",
    });
    await s.control("POST", `/_sim/orders/${p.outTradeNo}/pay`, {});
    await syncPayment(m.db, s.wechat, p.outTradeNo);
    const r = await s.wechat.client.createRefund({
      outTradeNo: p.outTradeNo,
      outRefundNo: `R${p.outTradeNo}`,
      refundFen: 200,
      totalFen: 1200,
    });
    await m.db.paymentAttempt.update({ where: { id: p.id }, data: { refundedFen: 200, refundCount: 1 } });
    const refund = await m.db.refund.create({
      data: {
        livemode: false,
        paymentId: p.id,
        outRefundNo: `R${p.outTradeNo}`,
        refundId: r.refund_id,
        amountFen: 200,
        status: "PROCESSING",
        requestedBy: "admin",
      },
    });
    expect(await syncRefund(m.db, s.wechat, refund.outRefundNo)).toMatchObject({ result: "UNCHANGED" });
    const ev = await m.db.paymentEvent.findFirstOrThrow({ where: { refundId: refund.id } });
    expect(ev).toMatchObject({
      type: "REFUND_QUERIED",
      detail: { source: "query", status: "PROCESSING", outRefundNo: refund.outRefundNo },
    });
  });
});
