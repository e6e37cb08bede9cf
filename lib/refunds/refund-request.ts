import { z } from "zod";
import { isWechatText } from "@/lib/wechatpay";

/** Who asked: stored on the refund and in the audit log. */
export interface RefundActor {
  /** An admin user's id. */
  id?: string;
  /** An admin's email, or an API key's label (apiKeyLabel). */
  email: string;
  /** Set when a merchant's server asked through the API. */
  apiKeyId?: string;
  ip?: string;
}

export interface RefundRequest {
  outTradeNo: string;
  amountFen: number;
  reason: string;
  /** Same key + same content → the same refund; same key + other content → 409. */
  idempotencyKey?: string;
  actor: RefundActor;
  /** The mode of whoever asks (the WeChat Pay context that will send it): must be the payment's. */
  livemode: boolean;
}

export interface RefundAnswer {
  outRefundNo: string;
  status: string;
}

// Characters, not UTF-16 units: WeChat Pay counts 80 characters of reason, and refuses 4-byte
// UTF-8 ones (emoji) with PARAM_ERROR, so they are refused here, before anything is reserved.
export const refundReasonSchema = z
  .string()
  .trim()
  .refine((s) => [...s].length <= 80, { message: "reason must be at most 80 characters" })
  .refine(isWechatText, { message: "reason must not contain emoji or other 4-byte characters" });

/** The body of POST /api/v1/payments/wechat/refund (amount in integer fen). */
export const refundBodySchema = z.object({
  outTradeNo: z.string().regex(/^[0-9A-Za-z_\-|*]{6,32}$/, "outTradeNo is not a valid out_trade_no"),
  amountFen: z.number().int().positive().max(2_147_483_647),
  reason: refundReasonSchema.default(""),
  idempotencyKey: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[\w\-:.]+$/)
    .optional(),
});
