import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { refundObjectSchema, toRefundObject } from "@/lib/refunds/refund-object";

// The order as the merchant API shows it (GET /api/v1/orders/:orderNo). Pure: database rows in,
// object out, so outgoing webhooks can put exactly this object into their events.

const ORDER_STATUSES = ["PENDING", "PAID", "PARTIALLY_REFUNDED", "REFUNDED", "CLOSED"] as const;
const PAYMENT_STATUSES = ["PENDING", "PAID", "CLOSED", "FAILED", "PARTIALLY_REFUNDED", "REFUNDED"] as const;

const orderLineItemSchema = z
  .object({
    productId: z.uuid().nullable().meta({ description: "Null for a line priced by the merchant's server." }),
    name: z.string().meta({ description: "As sold (the catalog may have changed since)." }),
    unitAmountFen: z.number().int(),
    quantity: z.number().int(),
    amountFen: z.number().int(),
  })
  .meta({ id: "OrderLineItem" });

const orderPaymentSchema = z
  .object({
    outTradeNo: z.string().meta({ description: "The out_trade_no of this payment attempt at WeChat Pay." }),
    channel: z.enum(["NATIVE", "JSAPI", "H5"]),
    status: z.enum(PAYMENT_STATUSES),
    amountFen: z.number().int(),
    transactionId: z.string().nullable().meta({ description: "WeChat Pay's transaction_id once paid." }),
    paidAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "OrderPayment", description: "One payment attempt (each new QR code or channel is a new one)." });

export const orderObjectSchema = z
  .object({
    object: z.literal("order"),
    livemode: z.boolean().meta({ description: "false: test data (a sk_test_ key, paid through the simulator)." }),
    orderNo: z.string().meta({ example: "20261201-7Q4K9MXA" }),
    status: z.enum(ORDER_STATUSES).meta({
      description: "PENDING → PAID | CLOSED; PAID → PARTIALLY_REFUNDED → REFUNDED (from successful refunds).",
    }),
    amountTotalFen: z.number().int(),
    refundedFen: z
      .number()
      .int()
      .meta({
        description:
          "Fen refunded or being refunded: every refund that is not REJECTED or CLOSED. " +
          "amountTotalFen − refundedFen is what can still be refunded.",
      }),
    currency: z.literal("CNY"),
    description: z.string(),
    lineItems: z.array(orderLineItemSchema),
    checkoutSessionId: z.string().nullable(),
    clientReferenceId: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    payments: z.array(orderPaymentSchema),
    refunds: z.array(refundObjectSchema).meta({ description: "Every refund of every payment, oldest first." }),
    createdAt: z.iso.datetime(),
    paidAt: z.iso.datetime().nullable().meta({ description: "When the first payment succeeded." }),
  })
  .meta({ id: "Order", description: "An order: what was sold, its payments and its refunds." });

export type OrderObject = z.infer<typeof orderObjectSchema>;

/** What to load with an order row to serialise it (`include: orderRowInclude`). */
export const orderRowInclude = {
  items: true,
  checkoutSession: { select: { id: true, clientReferenceId: true, metadata: true } },
  payments: { orderBy: { createdAt: "asc" }, include: { refunds: { orderBy: { createdAt: "asc" } } } },
} as const satisfies Prisma.OrderInclude;

export type OrderRow = Prisma.OrderGetPayload<{ include: typeof orderRowInclude }>;

export function toOrderObject(order: OrderRow): OrderObject {
  const checkoutSessionId = order.checkoutSession?.id ?? null;
  const paidAt = order.payments
    .flatMap((p) => (p.paidAt ? [p.paidAt] : []))
    .reduce<Date | null>((first, t) => (first && first <= t ? first : t), null);
  const refunds = order.payments
    .flatMap((p) => p.refunds.map((r) => ({ r, outTradeNo: p.outTradeNo })))
    .sort((a, b) => a.r.createdAt.getTime() - b.r.createdAt.getTime())
    .map(({ r, outTradeNo }) => toRefundObject(r, { orderNo: order.orderNo, checkoutSessionId, outTradeNo }));
  return {
    object: "order",
    livemode: order.livemode,
    orderNo: order.orderNo,
    status: order.status,
    amountTotalFen: order.totalFen,
    refundedFen: order.payments.reduce((sum, p) => sum + p.refundedFen, 0),
    currency: "CNY",
    description: order.description,
    lineItems: order.items.map((i) => ({
      productId: i.productId,
      name: i.name,
      unitAmountFen: i.unitPriceFen,
      quantity: i.quantity,
      amountFen: i.lineTotalFen,
    })),
    checkoutSessionId,
    clientReferenceId: order.checkoutSession?.clientReferenceId ?? null,
    metadata: stringRecord(order.checkoutSession?.metadata),
    payments: order.payments.map((p) => ({
      outTradeNo: p.outTradeNo,
      channel: p.channel,
      status: p.status,
      amountFen: p.amountFen,
      transactionId: p.transactionId,
      paidAt: p.paidAt?.toISOString() ?? null,
    })),
    refunds,
    createdAt: order.createdAt.toISOString(),
    paidAt: paidAt?.toISOString() ?? null,
  };
}

/** Session metadata is stored as JSON; only its string pairs are part of the contract. */
function stringRecord(json: Prisma.JsonValue | undefined): Record<string, string> {
  if (!json || typeof json !== "object" || Array.isArray(json)) return {};
  return Object.fromEntries(Object.entries(json).filter((e): e is [string, string] => typeof e[1] === "string"));
}
