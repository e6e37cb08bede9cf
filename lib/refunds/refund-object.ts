import { z } from "zod";
import type { Prisma, Refund } from "@/lib/generated/prisma/client";

// The refund as the merchant API shows it (POST /api/v1/refunds, GET /api/v1/refunds/:id, and
// inside the order object). Pure: database rows in, object out, so outgoing webhooks can build
// exactly this object from the rows they already hold.

const REFUND_STATUSES = ["CREATED", "PROCESSING", "SUCCESS", "CLOSED", "ABNORMAL", "REJECTED"] as const;

export const refundObjectSchema = z
  .object({
    id: z.uuid().meta({ description: "The refund's id: GET /api/v1/refunds/{id}." }),
    object: z.literal("refund"),
    livemode: z.boolean().meta({ description: "false: test data (a sk_test_ key, paid through the simulator)." }),
    outRefundNo: z.string().meta({
      description: "The out_refund_no WeChat Pay knows this refund by (fixed before WeChat Pay is called).",
      example: "RF20261201a3f09c1e2b7d4458e6c1",
    }),
    status: z.enum(REFUND_STATUSES).meta({
      description:
        "CREATED: stored and reserved, not yet accepted by WeChat Pay (retried automatically). " +
        "PROCESSING → SUCCESS | CLOSED | ABNORMAL. REJECTED: WeChat Pay refused it; no money moved " +
        "and the amount is refundable again.",
    }),
    amountFen: z.number().int().meta({ description: "Integer fen.", example: 500 }),
    reason: z.string(),
    orderNo: z.string().meta({ example: "20261201-7Q4K9MXA" }),
    checkoutSessionId: z.string().nullable().meta({ description: "When the order is a Checkout Session." }),
    outTradeNo: z.string().meta({ description: "The payment (out_trade_no) being refunded." }),
    createdAt: z.iso.datetime(),
    succeededAt: z.iso.datetime().nullable(),
    failureCode: z
      .string()
      .nullable()
      .meta({ description: "Why WeChat Pay refused (REJECTED) or gave up (CLOSED, ABNORMAL), when known." }),
  })
  .meta({ id: "Refund", description: "A refund of (part of) a paid order." });

export type RefundObject = z.infer<typeof refundObjectSchema>;

/** Where a refund belongs: its payment and order. */
interface RefundContext {
  orderNo: string;
  checkoutSessionId: string | null;
  outTradeNo: string;
}

type RefundFields = Pick<
  Refund,
  "id" | "livemode" | "outRefundNo" | "status" | "amountFen" | "reason" | "createdAt" | "successAt" | "failureCode"
>;

export function toRefundObject(refund: RefundFields, ctx: RefundContext): RefundObject {
  return {
    id: refund.id,
    object: "refund",
    livemode: refund.livemode,
    outRefundNo: refund.outRefundNo,
    status: refund.status,
    amountFen: refund.amountFen,
    reason: refund.reason,
    orderNo: ctx.orderNo,
    checkoutSessionId: ctx.checkoutSessionId,
    outTradeNo: ctx.outTradeNo,
    createdAt: refund.createdAt.toISOString(),
    succeededAt: refund.successAt?.toISOString() ?? null,
    failureCode: refund.failureCode,
  };
}

/** What to load with a refund row to serialise it alone (`include: refundRowInclude`). */
export const refundRowInclude = {
  payment: {
    select: { outTradeNo: true, order: { select: { orderNo: true, checkoutSession: { select: { id: true } } } } },
  },
} as const satisfies Prisma.RefundInclude;

export type RefundRow = Prisma.RefundGetPayload<{ include: typeof refundRowInclude }>;

export function refundRowToObject(row: RefundRow): RefundObject {
  return toRefundObject(row, {
    orderNo: row.payment.order.orderNo,
    checkoutSessionId: row.payment.order.checkoutSession?.id ?? null,
    outTradeNo: row.payment.outTradeNo,
  });
}
