import { describe, expect, it } from "vitest";
import { orderObjectSchema, toOrderObject, type OrderRow } from "./order-object";

const U1 = "11111111-1111-4111-8111-111111111111";
const U3 = "33333333-3333-4333-8333-333333333333";
const U4 = "44444444-4444-4444-8444-444444444444";
const t = (s: string) => new Date(`2026-12-01T${s}.000Z`);

function refund(id: string, createdAt: Date, amountFen: number) {
  return {
    id,
    paymentId: "p",
    livemode: false,
    outRefundNo: `RF-${id}`,
    refundId: null,
    idempotencyKey: null,
    amountFen,
    reason: "",
    status: "SUCCESS" as const,
    requestedById: null,
    requestedBy: "api_key:sk_AbCd…WxYz (Shop)",
    apiKeyId: null,
    failureCode: null,
    successAt: createdAt,
    lastQueriedAt: null,
    createdAt,
    updatedAt: createdAt,
  };
}

function payment(outTradeNo: string, paidAt: Date | null, refundedFen: number, refunds: ReturnType<typeof refund>[]) {
  return {
    id: outTradeNo,
    orderId: "o",
    livemode: false,
    outTradeNo,
    channel: "NATIVE" as const,
    status: paidAt ? ("PARTIALLY_REFUNDED" as const) : ("CLOSED" as const),
    amountFen: 1000,
    refundedFen,
    refundCount: refunds.length,
    codeUrl: null,
    prepayId: null,
    h5Url: null,
    openid: null,
    transactionId: paidAt ? `4200${outTradeNo}` : null,
    tradeState: null,
    mchid: "1900000109",
    appid: "wxdemo",
    expiresAt: t("12:00:00"),
    paidAt,
    closedAt: null,
    lastQueriedAt: null,
    createdAt: t("10:00:00"),
    updatedAt: t("10:00:00"),
    refunds,
  };
}

const row: OrderRow = {
  id: "o",
  orderNo: "20261201-7Q4K9MXA",
  livemode: false,
  status: "PARTIALLY_REFUNDED",
  totalFen: 1000,
  description: "年度会员",
  clientIp: null,
  expiresAt: null,
  createdAt: t("09:00:00"),
  updatedAt: t("09:00:00"),
  items: [
    {
      id: "i",
      orderId: "o",
      productId: null,
      name: "年度会员",
      unitPriceFen: 500,
      quantity: 2,
      lineTotalFen: 1000,
    },
  ],
  checkoutSession: { id: "cs_x", clientReferenceId: "cart-1", metadata: { a: "1", n: 2, nested: { x: "y" } } },
  payments: [
    payment("OLD", null, 0, []),
    payment("SECOND", t("11:00:00"), 300, [refund(U3, t("11:30:00"), 300)]),
    payment("FIRST", t("10:30:00"), 200, [refund(U1, t("10:40:00"), 100), refund(U4, t("11:45:00"), 100)]),
  ],
};

describe("toOrderObject", () => {
  it("is the Order contract: earliest paidAt, refunds of every payment oldest first, string metadata only", () => {
    const o = toOrderObject(row);
    expect(orderObjectSchema.parse(o)).toEqual(o);
    expect(o.paidAt).toBe("2026-12-01T10:30:00.000Z");
    expect(o.refundedFen).toBe(500);
    expect(o.refunds.map((r) => [r.id, r.outTradeNo])).toEqual([
      [U1, "FIRST"],
      [U3, "SECOND"],
      [U4, "FIRST"],
    ]);
    for (const r of o.refunds) expect([r.orderNo, r.checkoutSessionId]).toEqual([row.orderNo, "cs_x"]);
    expect(o.metadata).toEqual({ a: "1" });
    expect(o.lineItems).toEqual([
      { productId: null, name: "年度会员", unitAmountFen: 500, quantity: 2, amountFen: 1000 },
    ]);
    expect(o.payments[0]).toEqual({
      outTradeNo: "OLD",
      channel: "NATIVE",
      status: "CLOSED",
      amountFen: 1000,
      transactionId: null,
      paidAt: null,
    });
  });

  it("an order that is not a session has null session fields and empty metadata; unpaid has no paidAt", () => {
    const o = toOrderObject({ ...row, checkoutSession: null, payments: [payment("OLD", null, 0, [])] });
    expect([o.checkoutSessionId, o.clientReferenceId, o.metadata, o.paidAt, o.refunds]).toEqual([
      null,
      null,
      {},
      null,
      [],
    ]);
  });
});
