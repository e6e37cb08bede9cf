import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { applyRefund, type RefundState } from "./apply-refund";

const merchant = { mchId: "1900000109", appId: "wxdemoappid00001", livemode: false };

describe.each(["pglite", "postgres"] as const)("applyRefund on %s", (kind) => {
  let m: MigratedDb | null;
  let n = 0;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
  });
  afterAll(async () => {
    await m?.dispose();
  });

  /** A paid payment of 1000 fen with one reserved refund of `amountFen`, as requestRefund leaves it. */
  async function paidWithRefund(amountFen: number) {
    n += 1;
    const db = m!.db;
    const order = await db.order.create({
      data: { livemode: false, orderNo: `R-${kind}-${n}`, totalFen: 1000, description: "退款测试", status: "PAID" },
    });
    const payment = await db.paymentAttempt.create({
      data: {
        livemode: false,
        orderId: order.id,
        outTradeNo: `RF${kind}${n}x00001`,
        channel: "NATIVE",
        status: "PAID",
        amountFen: 1000,
        refundedFen: amountFen,
        refundCount: 1,
        mchid: merchant.mchId,
        appid: merchant.appId,
        transactionId: `4200${kind}${n}`,
        expiresAt: new Date(),
      },
    });
    const refund = await db.refund.create({
      data: {
        livemode: false,
        paymentId: payment.id,
        outRefundNo: `RN-${kind}-${n}`,
        amountFen,
        requestedBy: "admin@x",
        status: "PROCESSING",
      },
    });
    return { order, payment, refund };
  }
  const state = (outRefundNo: string, status: RefundState["status"], refund: number): RefundState => ({
    mchid: merchant.mchId,
    out_refund_no: outRefundNo,
    refund_id: `50300${outRefundNo}`,
    status,
    amount: { refund, total: 1000 },
  });

  it("a partial SUCCESS makes the payment and order PARTIALLY_REFUNDED; a late PROCESSING changes nothing", async (ctx) => {
    if (!m) return ctx.skip();
    const { payment, refund, order } = await paidWithRefund(300);
    const done = await applyRefund(
      m.db,
      state(refund.outRefundNo, "SUCCESS", 300),
      { kind: "notification", notificationId: `N-${refund.id}`, eventType: "REFUND.SUCCESS" },
      merchant,
    );
    expect(done).toMatchObject({ result: "TRANSITIONED", from: "PROCESSING", to: "SUCCESS" });
    expect((await m.db.paymentAttempt.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe(
      "PARTIALLY_REFUNDED",
    );
    expect((await m.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("PARTIALLY_REFUNDED");

    const late = await applyRefund(m.db, state(refund.outRefundNo, "PROCESSING", 300), { kind: "response" }, merchant);
    expect(late).toEqual({ result: "UNCHANGED", id: refund.id, status: "SUCCESS" });
    expect(await m.db.paymentEvent.count({ where: { refundId: refund.id, type: "REFUND_FLAGGED" } })).toBe(0);
  });

  it("a CLOSED refund gives its reserved amount back", async (ctx) => {
    if (!m) return ctx.skip();
    const { payment, refund } = await paidWithRefund(400);
    await applyRefund(m.db, state(refund.outRefundNo, "CLOSED", 400), { kind: "query" }, merchant);
    const p = await m.db.paymentAttempt.findUniqueOrThrow({ where: { id: payment.id } });
    expect(p.refundedFen).toBe(0);
    expect(p.status).toBe("PAID");
  });

  it("flags a refund whose amount does not match and moves nothing", async (ctx) => {
    if (!m) return ctx.skip();
    const { refund } = await paidWithRefund(500);
    const r = await applyRefund(
      m.db,
      state(refund.outRefundNo, "SUCCESS", 900),
      { kind: "notification", notificationId: `N-bad-${refund.id}`, eventType: "REFUND.SUCCESS" },
      merchant,
    );
    expect(r).toMatchObject({ result: "FLAGGED", reason: "AMOUNT_MISMATCH" });
    expect((await m.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe("PROCESSING");
  });

  it("a full refund ends REFUNDED", async (ctx) => {
    if (!m) return ctx.skip();
    const { payment, refund } = await paidWithRefund(1000);
    await applyRefund(m.db, state(refund.outRefundNo, "SUCCESS", 1000), { kind: "query" }, merchant);
    expect((await m.db.paymentAttempt.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("REFUNDED");
  });
});
