import { z } from "zod";

/** Who asked: stored on the refund and in the audit log. */
export interface RefundActor {
  id?: string;
  email: string;
  ip?: string;
}

export interface RefundRequest {
  outTradeNo: string;
  amountFen: number;
  reason: string;
  /** Same key + same content → the same refund; same key + other content → 409. */
  idempotencyKey?: string;
  actor: RefundActor;
}

export interface RefundAnswer {
  outRefundNo: string;
  status: string;
}

// Characters, not UTF-16 units: WeChat Pay counts 80 characters of reason.
const reasonSchema = z
  .string()
  .trim()
  .refine((s) => [...s].length <= 80, { message: "reason must be at most 80 characters" });

/** The body of POST /api/v1/payments/wechat/refund (amount in integer fen). */
export const refundBodySchema = z.object({
  outTradeNo: z.string().regex(/^[0-9A-Za-z_\-|*]{6,32}$/, "outTradeNo is not a valid out_trade_no"),
  amountFen: z.number().int().positive().max(2_147_483_647),
  reason: reasonSchema.default(""),
  idempotencyKey: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[\w\-:.]+$/)
    .optional(),
});

export const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[\w\-:.]+$/, "Idempotency-Key must be 8-100 of [A-Za-z0-9_-:.]");
