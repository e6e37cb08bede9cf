// Money rules live in the database, not only in code: each case must be refused by the engine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/create-prisma";
import { openMigratedDb, type MigratedDb } from "./helpers/migrated-db";

async function order(db: Db, orderNo = `NO-${Math.random().toString(36).slice(2, 10)}`) {
  return db.order.create({ data: { livemode: false, orderNo, totalFen: 100, description: "测试订单" } });
}

async function payment(db: Db, orderId: string, outTradeNo: string, amountFen = 100) {
  return db.paymentAttempt.create({
    data: {
      livemode: false,
      orderId,
      outTradeNo,
      channel: "NATIVE",
      amountFen,
      mchid: "1900000109",
      appid: "wxdemo",
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });
}

describe.each(["pglite", "postgres"] as const)("database constraints on %s", (kind) => {
  let m: MigratedDb | null;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
  });
  afterAll(async () => {
    await m?.dispose();
  });

  it("accepts a valid order, payment and refund", async (ctx) => {
    if (!m) return ctx.skip();
    const o = await order(m.db);
    const p = await payment(m.db, o.id, "OK_TRADE_0001");
    const r = await m.db.refund.create({
      data: { livemode: false, paymentId: p.id, outRefundNo: "R-OK-0001", amountFen: 40, requestedBy: "admin@x" },
    });
    expect(r.status).toBe("CREATED");
  });

  const cases: [string, (db: Db) => Promise<unknown>][] = [
    [
      "a product priced below 1 fen",
      (db) => db.product.create({ data: { sku: "NEG", name: "负", nameEn: "neg", priceFen: -1 } }),
    ],
    [
      "an order total of 0",
      (db) => db.order.create({ data: { livemode: false, orderNo: "ZERO-1", totalFen: 0, description: "x" } }),
    ],
    [
      "a duplicate out_trade_no",
      async (db) => {
        const o = await order(db);
        await payment(db, o.id, "DUP_TRADE_0001");
        await payment(db, o.id, "DUP_TRADE_0001");
      },
    ],
    ["an out_trade_no WeChat Pay would reject", async (db) => payment(db, (await order(db)).id, "bad no!")],
    [
      "a payment for an order that does not exist",
      (db) => payment(db, "00000000-0000-4000-8000-000000000000", "ORPHAN_0001"),
    ],
    [
      "refunds beyond the amount paid",
      async (db) => {
        const p = await payment(db, (await order(db)).id, "OVER_REFUND_1", 100);
        await db.paymentAttempt.update({ where: { id: p.id }, data: { refundedFen: 101 } });
      },
    ],
    [
      "a 51st refund",
      async (db) => {
        const p = await payment(db, (await order(db)).id, "MANY_REFUND_1", 100);
        await db.paymentAttempt.update({ where: { id: p.id }, data: { refundCount: 51 } });
      },
    ],
    [
      "a duplicate transaction_id",
      async (db) => {
        const o = await order(db);
        const a = await payment(db, o.id, "TXN_DUP_A_01");
        const b = await payment(db, o.id, "TXN_DUP_B_01");
        await db.paymentAttempt.update({ where: { id: a.id }, data: { transactionId: "4200000000000001" } });
        await db.paymentAttempt.update({ where: { id: b.id }, data: { transactionId: "4200000000000001" } });
      },
    ],
    [
      "a duplicate WeChat notification id",
      async (db) => {
        await db.notificationEvent.create({ data: { notificationId: "EV-1", verification: "VERIFIED" } });
        await db.notificationEvent.create({ data: { notificationId: "EV-1", verification: "VERIFIED" } });
      },
    ],
    [
      "a refund of 0 fen",
      async (db) => {
        const p = await payment(db, (await order(db)).id, "ZERO_REFUND_1");
        await db.refund.create({
          data: { livemode: false, paymentId: p.id, outRefundNo: "R-ZERO", amountFen: 0, requestedBy: "a" },
        });
      },
    ],
    [
      "a duplicate out_refund_no",
      async (db) => {
        const p = await payment(db, (await order(db)).id, "DUP_REFUND_01");
        await db.refund.create({
          data: { livemode: false, paymentId: p.id, outRefundNo: "R-DUP", amountFen: 1, requestedBy: "a" },
        });
        await db.refund.create({
          data: { livemode: false, paymentId: p.id, outRefundNo: "R-DUP", amountFen: 1, requestedBy: "a" },
        });
      },
    ],
    [
      "a refund reason over 80 characters",
      async (db) => {
        const p = await payment(db, (await order(db)).id, "LONG_REASON_1");
        await db.refund.create({
          data: {
            livemode: false,
            paymentId: p.id,
            outRefundNo: "R-LONG",
            amountFen: 1,
            requestedBy: "a",
            reason: "退".repeat(81),
          },
        });
      },
    ],
    [
      "an order line whose total is not price × quantity",
      async (db) => {
        const o = await order(db);
        const prod = await db.product.create({ data: { sku: `L-${o.orderNo}`, name: "n", nameEn: "n", priceFen: 10 } });
        await db.orderItem.create({
          data: { orderId: o.id, productId: prod.id, name: "n", unitPriceFen: 10, quantity: 2, lineTotalFen: 10 },
        });
      },
    ],
  ];

  it.for(cases)("refuses %s", async ([, attempt], ctx) => {
    if (!m) return ctx.skip();
    // The engine's own refusal, not some unrelated failure (a missing table would also throw).
    await expect(attempt(m.db)).rejects.toThrow(/constraint|Unique|Foreign key/i);
  });
});
