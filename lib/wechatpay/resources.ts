import { z } from "zod";

// Zod at the trust boundary: decrypted notification plaintext and signed API responses.
// Unknown extra fields are dropped; enums only where a new value must not be guessed at.

const fen = z.number().int().nonnegative();

// ACCEPT: received, awaiting payment processing (e.g. a face-to-face or deferred debit); pending like NOTPAY.
export const tradeStateSchema = z.enum([
  "SUCCESS",
  "REFUND",
  "NOTPAY",
  "CLOSED",
  "REVOKED",
  "USERPAYING",
  "PAYERROR",
  "ACCEPT",
]);
export type TradeState = z.infer<typeof tradeStateSchema>;

export const refundStatusSchema = z.enum(["SUCCESS", "CLOSED", "PROCESSING", "ABNORMAL"]);
export type RefundStatus = z.infer<typeof refundStatusSchema>;

const promotionSchema = z
  .object({ promotion_id: z.string().optional(), amount: fen.optional(), type: z.string().optional() })
  .loose();

/** A transaction as returned by the query APIs (NOTPAY orders have no transaction_id yet). */
export const transactionSchema = z.object({
  appid: z.string().min(1),
  mchid: z.string().min(1),
  out_trade_no: z.string().min(1),
  transaction_id: z.string().optional(),
  trade_type: z.string().optional(),
  trade_state: tradeStateSchema,
  trade_state_desc: z.string().optional(),
  bank_type: z.string().optional(),
  attach: z.string().optional(),
  success_time: z.string().optional(),
  payer: z.object({ openid: z.string().optional() }).optional(),
  amount: z
    .object({
      total: fen.optional(),
      payer_total: fen.optional(),
      currency: z.string().optional(),
      payer_currency: z.string().optional(),
    })
    .optional(),
  promotion_detail: z.array(promotionSchema).optional(),
});
export type Transaction = z.infer<typeof transactionSchema>;

/** TRANSACTION.SUCCESS plaintext: the fields a merchant must check are required here. */
export const transactionResourceSchema = transactionSchema.extend({
  transaction_id: z.string().min(1),
  trade_type: z.string().min(1),
  success_time: z.string().optional(),
  amount: z.object({
    total: fen.min(1),
    payer_total: fen.optional(),
    currency: z.string(),
    payer_currency: z.string().optional(),
  }),
});
export type TransactionResource = z.infer<typeof transactionResourceSchema>;

const refundAmountSchema = z.object({
  total: fen,
  refund: fen,
  payer_total: fen.optional(),
  payer_refund: fen.optional(),
  settlement_refund: fen.optional(),
  settlement_total: fen.optional(),
  discount_refund: fen.optional(),
  currency: z.string().optional(),
});

/** REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED plaintext. */
export const refundResourceSchema = z.object({
  mchid: z.string().min(1),
  transaction_id: z.string().min(1),
  out_trade_no: z.string().min(1),
  refund_id: z.string().min(1),
  out_refund_no: z.string().min(1),
  refund_status: refundStatusSchema,
  success_time: z.string().optional(),
  user_received_account: z.string().optional(),
  amount: refundAmountSchema,
});
export type RefundResource = z.infer<typeof refundResourceSchema>;

/** A refund as returned by create/query refund (the API calls the state `status`). */
export const refundSchema = z.object({
  refund_id: z.string().min(1),
  out_refund_no: z.string().min(1),
  transaction_id: z.string().optional(),
  out_trade_no: z.string().optional(),
  channel: z.string().optional(),
  user_received_account: z.string().optional(),
  success_time: z.string().optional(),
  create_time: z.string().optional(),
  status: refundStatusSchema,
  funds_account: z.string().optional(),
  amount: refundAmountSchema,
});
export type Refund = z.infer<typeof refundSchema>;

export const notificationEnvelopeSchema = z.object({
  id: z.string().min(1),
  create_time: z.string(),
  /** Always encrypt-resource: anything else is not a notification we can trust the shape of. */
  resource_type: z.literal("encrypt-resource"),
  event_type: z.string().min(1),
  summary: z.string().optional(),
  resource: z.object({
    original_type: z.string().optional(),
    algorithm: z.string(),
    ciphertext: z.string().min(1),
    associated_data: z.string().optional(),
    nonce: z.string().min(1),
  }),
});
export type NotificationEnvelope = z.infer<typeof notificationEnvelopeSchema>;
