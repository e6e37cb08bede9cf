import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError } from "@/lib/errors/app-error";
import { reserveRefund } from "@/lib/refunds/reserve-refund";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";

const actor = { email: "ops@demo.local", ip: "10.0.0.1" };

describe.each(["postgres", "pglite"] as const)("reserveRefund on %s", (kind) => {
  let m: MigratedDb | null;
  let n = 0;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
  }, 30_000);
  afterAll(async () => {
    await m?.dispose();
  });

  async function paidPayment(amountFen: number, status: "PAID" | "PENDING" = "PAID") {
    n += 1;
    const order = await m!.db.order.create({
      data: {
        livemode: false,
        orderNo: `R-${kind}-${n}`,
        totalFen: amountFen,
        description: "退款测试",
        status: status === "PAID" ? "PAID" : "PENDING",
      },
    });
    return m!.db.paymentAttempt.create({
      data: {
        livemode: false,
        orderId: order.id,
        outTradeNo: `RSV${kind}${n}x0001`,
        channel: "NATIVE",
        status,
        amountFen,
        mchid: "1900000109",
        appid: "wxdemo",
        expiresAt: new Date(Date.now() + 7200_000),
      },
    });
  }

  it("20 simultaneous partial refunds worth twice the payment: the accepted sum never exceeds it", async (ctx) => {
    if (!m) return ctx.skip();
    const paid = await paidPayment(1000);
    // Uneven amounts summing to 2000 fen, so which ones fit depends on arrival order.
    const amounts = [50, 150, 100, 100, 75, 125, 90, 110, 60, 140, 100, 100, 80, 120, 100, 100, 95, 105, 130, 70];
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(2000);
    const results = await Promise.allSettled(
      amounts.map((amountFen, i) =>
        reserveRefund(m!.db, {
          outTradeNo: paid.outTradeNo,
          amountFen,
          reason: `并发 ${i}`,
          idempotencyKey: `conc-${kind}-${i}-key`,
          actor,
          livemode: false,
        }),
      ),
    );

    const accepted = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.refund] : []));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    const acceptedSum = accepted.reduce((a, r) => a + r.amountFen, 0);
    expect(acceptedSum).toBeLessThanOrEqual(1000);
    expect(accepted.length).toBeGreaterThanOrEqual(7); // at least 1000 fen's worth of the smallest fit
    for (const e of refused) expect(e).toMatchObject({ code: "REFUND_EXCEEDS_REMAINING" });
    expect(accepted.length + refused.length).toBe(20);

    const stored = await m!.db.refund.findMany({ where: { paymentId: paid.id } });
    expect(stored).toHaveLength(accepted.length);
    expect(new Set(stored.map((r) => r.outRefundNo)).size).toBe(stored.length);
    for (const r of stored) expect(r.outRefundNo).toMatch(/^[0-9A-Za-z]{1,64}$/);
    const p = await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id: paid.id } });
    expect(p.refundedFen).toBe(acceptedSum);
    expect(p.refundCount).toBe(accepted.length);
    expect(
      await m!.db.auditLog.count({
        where: { action: "REFUND_REQUESTED", detail: { path: ["outTradeNo"], equals: paid.outTradeNo } },
      }),
    ).toBe(accepted.length);
    expect(await m!.db.paymentEvent.count({ where: { paymentId: paid.id, type: "REFUND_REQUESTED" } })).toBe(
      accepted.length,
    );
  }, 30_000);

  it("one idempotency key sent 5 times at once makes one refund; other content under it is a 409", async (ctx) => {
    if (!m) return ctx.skip();
    const paid = await paidPayment(500);
    const req = {
      outTradeNo: paid.outTradeNo,
      amountFen: 200,
      reason: "重复点击",
      idempotencyKey: `dup-${kind}-key-1`,
      actor,
      livemode: false,
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => reserveRefund(m!.db, req)));
    expect(new Set(results.map((r) => r.refund.id)).size).toBe(1);
    expect(results.filter((r) => !r.reused)).toHaveLength(1);
    const p = await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id: paid.id } });
    expect(p.refundedFen).toBe(200);
    expect(p.refundCount).toBe(1);

    await expect(reserveRefund(m!.db, { ...req, amountFen: 201 })).rejects.toMatchObject({
      code: "IDEMPOTENCY_KEY_REUSED",
      status: 409,
    });
    await expect(reserveRefund(m!.db, { ...req, reason: "另一个" })).rejects.toBeInstanceOf(ConflictError);
    expect((await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id: paid.id } })).refundedFen).toBe(200);
  }, 30_000);

  it("one key sent 5 times at once for the WHOLE amount: one refund, and every answer names it (no 409)", async (ctx) => {
    if (!m) return ctx.skip();
    // On PostgreSQL the losers wait on the payment's row lock, then find no room left: that must
    // still answer the winner's refund, as a retry of a double-clicked full refund expects.
    const paid = await paidPayment(700);
    const req = {
      outTradeNo: paid.outTradeNo,
      amountFen: 700,
      reason: "",
      idempotencyKey: `full-${kind}-key`,
      actor,
      livemode: false,
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => reserveRefund(m!.db, req)));
    expect(new Set(results.map((r) => r.refund.id)).size).toBe(1);
    expect(results.filter((r) => !r.reused)).toHaveLength(1);
    expect((await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id: paid.id } })).refundedFen).toBe(700);
  }, 30_000);

  it("refuses unpaid and unknown payments and a 51st refund, changing nothing", async (ctx) => {
    if (!m) return ctx.skip();
    const pending = await paidPayment(300, "PENDING");
    await expect(
      reserveRefund(m!.db, { outTradeNo: pending.outTradeNo, amountFen: 1, reason: "", actor, livemode: false }),
    ).rejects.toMatchObject({ code: "PAYMENT_NOT_REFUNDABLE" });
    await expect(
      reserveRefund(m!.db, { outTradeNo: "NOSUCHTRADE01", amountFen: 1, reason: "", actor, livemode: false }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await m!.db.refund.count({ where: { paymentId: pending.id } })).toBe(0);

    const paid = await paidPayment(100);
    await m!.db.paymentAttempt.update({ where: { id: paid.id }, data: { refundCount: 50 } });
    await expect(
      reserveRefund(m!.db, { outTradeNo: paid.outTradeNo, amountFen: 1, reason: "", actor, livemode: false }),
    ).rejects.toMatchObject({ code: "REFUND_LIMIT" });
    const p = await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id: paid.id } });
    expect([p.refundedFen, p.refundCount]).toEqual([0, 50]);
  }, 30_000);
});
