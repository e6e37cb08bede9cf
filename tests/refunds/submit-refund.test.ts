// requestRefund / submitRefund / getRefundStatus against the real simulator: the stored
// out_refund_no is what WeChat Pay sees, an unknown outcome keeps the refund CREATED and a retry
// reuses it (never a second refund), a refusal releases the reservation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRefundStatus } from "@/lib/refunds/get-refund-status";
import { requestRefund } from "@/lib/refunds/request-refund";
import { submitRefund } from "@/lib/refunds/submit-refund";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { startSimWechat, type SimWechat } from "@/tests/worker/simulator-wechat";

const notifyUrl = "http://127.0.0.1:9/api/v1/payments/wechat/notify";
const actor = { email: "ops@demo.local" };

describe("submitRefund against the simulator", () => {
  let m: MigratedDb | null;
  let s: SimWechat;
  let n = 0;
  beforeAll(async () => {
    m = await openMigratedDb("pglite");
    // Refunds settle only when told to, so PROCESSING can be observed.
    s = await startSimWechat({ refundDelayMs: -1 }, notifyUrl);
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
    await m?.dispose();
  });

  /** Paid at the simulator and PAID here; `localFen` lets the two disagree on purpose. */
  async function paid(amountFen: number, localFen = amountFen) {
    n += 1;
    const outTradeNo = `SR${Date.now()}${n}`;
    await s.wechat.client.createNativeOrder({ outTradeNo, description: "退款测试", amountFen, notifyUrl });
    expect((await s.control("POST", `/_sim/orders/${outTradeNo}/pay`, {})).status).toBe(200);
    const order = await m!.db.order.create({
      data: { livemode: false, orderNo: `SR-${n}`, totalFen: localFen, description: "退款测试", status: "PAID" },
    });
    return m!.db.paymentAttempt.create({
      data: {
        livemode: false,
        orderId: order.id,
        outTradeNo,
        channel: "NATIVE",
        status: "PAID",
        amountFen: localFen,
        mchid: s.wechat.merchant.mchId,
        appid: s.wechat.merchant.appId,
        expiresAt: new Date(Date.now() + 7200_000),
        paidAt: new Date(),
      },
    });
  }
  const simRefunds = async (outTradeNo: string) =>
    (await s.control<{ out_trade_no: string; out_refund_no: string }[]>("GET", "/_sim/refunds")).data.filter(
      (r) => r.out_trade_no === outTradeNo,
    );

  it("sends the stored out_refund_no; PROCESSING, then SUCCESS through the status read's query", async () => {
    const p = await paid(1000);
    const answer = await requestRefund(m!.db, s.wechat, {
      outTradeNo: p.outTradeNo,
      amountFen: 300,
      reason: "部分退款",
      actor,
    });
    expect(answer.status).toBe("PROCESSING");
    const stored = await m!.db.refund.findUniqueOrThrow({ where: { outRefundNo: answer.outRefundNo } });
    expect(stored.refundId).toBeTruthy();
    expect((await simRefunds(p.outTradeNo)).map((r) => r.out_refund_no)).toEqual([answer.outRefundNo]);

    expect((await s.control("POST", `/_sim/refunds/${answer.outRefundNo}/settle`, {})).status).toBe(200);
    // Not asked about for 5 s yet: the read answers from the database without a query.
    expect((await getRefundStatus(m!.db, s.wechat, answer.outRefundNo)).status).toBe("PROCESSING");
    const view = await getRefundStatus(m!.db, s.wechat, answer.outRefundNo, Date.now() + 6_000);
    expect(view).toMatchObject({
      status: "SUCCESS",
      paymentStatus: "PARTIALLY_REFUNDED",
      orderStatus: "PARTIALLY_REFUNDED",
    });
  });

  it("a 5xx before WeChat Pay acted leaves it CREATED with the amount reserved; the retry sends the same number once", async () => {
    const p = await paid(800);
    await s.control("POST", "/_sim/faults", { endpoint: "refund", kind: "error500", count: 3 });
    const first = await requestRefund(m!.db, s.wechat, {
      outTradeNo: p.outTradeNo,
      amountFen: 800,
      reason: "",
      idempotencyKey: `k-${p.outTradeNo}`,
      actor,
    });
    expect(first.status).toBe("CREATED");
    expect((await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id: p.id } })).refundedFen).toBe(800);
    expect(await simRefunds(p.outTradeNo)).toHaveLength(0);

    // (The client itself tried 3 times.) The same form submission again (same key): the same refund, now sent.
    const again = await requestRefund(m!.db, s.wechat, {
      outTradeNo: p.outTradeNo,
      amountFen: 800,
      reason: "",
      idempotencyKey: `k-${p.outTradeNo}`,
      actor,
    });
    expect(again).toEqual({ outRefundNo: first.outRefundNo, status: "PROCESSING" });
    expect((await simRefunds(p.outTradeNo)).map((r) => r.out_refund_no)).toEqual([first.outRefundNo]);
  });

  it("a 5xx after WeChat Pay acted (outcome unknown): the worker's resubmit finds the same refund, not a second one", async () => {
    const p = await paid(600);
    await s.control("POST", "/_sim/faults", { endpoint: "refund", kind: "error500", count: 3, phase: "after" });
    const first = await requestRefund(m!.db, s.wechat, { outTradeNo: p.outTradeNo, amountFen: 200, reason: "", actor });
    expect(first.status).toBe("CREATED");
    expect(await simRefunds(p.outTradeNo)).toHaveLength(1);
    const refund = await m!.db.refund.findUniqueOrThrow({ where: { outRefundNo: first.outRefundNo } });
    expect(await submitRefund(m!.db, s.wechat, refund.id)).toEqual({
      outRefundNo: first.outRefundNo,
      status: "PROCESSING",
    });
    expect(await simRefunds(p.outTradeNo)).toHaveLength(1);
    // Already sent: another call does nothing.
    expect(await submitRefund(m!.db, s.wechat, refund.id)).toEqual({
      outRefundNo: first.outRefundNo,
      status: "PROCESSING",
    });
  });

  it("a refusal (4xx) marks it REJECTED and gives the amount back", async () => {
    // Our record says 900 fen was paid, WeChat Pay's says 500: it refuses amount.total.
    const p = await paid(500, 900);
    const answer = await requestRefund(m!.db, s.wechat, {
      outTradeNo: p.outTradeNo,
      amountFen: 100,
      reason: "",
      actor,
    });
    expect(answer.status).toBe("REJECTED");
    const r = await m!.db.refund.findUniqueOrThrow({ where: { outRefundNo: answer.outRefundNo } });
    expect(r.failureCode).toMatch(/^[A-Z_]+$/);
    const pay = await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id: p.id } });
    expect([pay.refundedFen, pay.refundCount, pay.status]).toEqual([0, 1, "PAID"]);
    expect(await m!.db.paymentEvent.count({ where: { refundId: r.id, toStatus: "REJECTED" } })).toBe(1);
  });

  it("a resubmission refused after the first attempt was accepted (answer lost): the query finds it, never REJECTED", async () => {
    const p = await paid(700);
    // The first submission reaches WeChat Pay and is accepted; its answer is lost.
    await s.control("POST", "/_sim/faults", { endpoint: "refund", kind: "error500", count: 3, phase: "after" });
    const first = await requestRefund(m!.db, s.wechat, { outTradeNo: p.outTradeNo, amountFen: 700, reason: "", actor });
    expect(first.status).toBe("CREATED");
    // The worker's resubmission is refused (as production can, e.g. the payment is now fully refunded).
    await s.control("POST", "/_sim/faults", { endpoint: "refund", kind: "refuse", code: "INVALID_REQUEST", count: 1 });
    const refund = await m!.db.refund.findUniqueOrThrow({ where: { outRefundNo: first.outRefundNo } });
    expect(await submitRefund(m!.db, s.wechat, refund.id)).toEqual({
      outRefundNo: first.outRefundNo,
      status: "PROCESSING",
    });
    const pay = await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id: p.id } });
    expect(pay.refundedFen).toBe(700); // still reserved: the money is moving
    expect(await m!.db.event.count({ where: { refundId: refund.id, type: "refund.failed" } })).toBe(0);
  });

  it("a refusal whose query cannot reach WeChat Pay leaves the refund CREATED, the amount reserved", async () => {
    const p = await paid(400);
    await s.control("POST", "/_sim/faults", { endpoint: "refund", kind: "refuse", code: "INVALID_REQUEST", count: 1 });
    await s.control("POST", "/_sim/faults", { endpoint: "refund-query", kind: "error500", count: 3 });
    try {
      const answer = await requestRefund(m!.db, s.wechat, {
        outTradeNo: p.outTradeNo,
        amountFen: 400,
        reason: "",
        actor,
      });
      expect(answer.status).toBe("CREATED");
    } finally {
      await s.control("DELETE", "/_sim/faults");
    }
    expect((await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id: p.id } })).refundedFen).toBe(400);
  });
});
