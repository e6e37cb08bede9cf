import { callApi, segment, type ClientContext, type WithRequestId } from "./call-api";
import { encryptSensitive, type EncryptionKey } from "./encrypt-sensitive";
import { ValidationError } from "./errors";
import { refundSchema, type Refund } from "./resources";
import {
  checkAmountFen,
  checkCurrency,
  checkNotifyUrl,
  checkOutRefundNo,
  checkOutTradeNo,
  checkText,
} from "./validation";

/** Identify the order by outTradeNo or transactionId (exactly one). Amounts in integer fen. */
export interface RefundInput {
  outTradeNo?: string;
  transactionId?: string;
  /** Created once and reused on every retry (same content), never regenerated. */
  outRefundNo: string;
  /** ≤ 80 characters, shown to the payer. */
  reason?: string;
  notifyUrl?: string;
  refundFen: number;
  totalFen: number;
  currency?: "CNY";
}

export async function createRefund(ctx: ClientContext, input: RefundInput): Promise<WithRequestId<Refund>> {
  if ((input.outTradeNo === undefined) === (input.transactionId === undefined)) {
    throw new ValidationError("out_trade_no", "give exactly one of outTradeNo or transactionId");
  }
  const refund = checkAmountFen("amount.refund", input.refundFen);
  const total = checkAmountFen("amount.total", input.totalFen);
  if (refund > total) throw new ValidationError("amount.refund", "must not exceed amount.total");
  const body: Record<string, unknown> = { out_refund_no: checkOutRefundNo(input.outRefundNo) };
  if (input.outTradeNo !== undefined) body.out_trade_no = checkOutTradeNo(input.outTradeNo);
  if (input.transactionId !== undefined) {
    if (!/^[0-9A-Za-z]{1,32}$/.test(input.transactionId)) {
      throw new ValidationError("transaction_id", "must be 1-32 chars of [0-9A-Za-z]");
    }
    body.transaction_id = input.transactionId;
  }
  if (input.reason !== undefined) body.reason = checkText("reason", input.reason, 80, false);
  if (input.notifyUrl !== undefined) body.notify_url = checkNotifyUrl(input.notifyUrl, ctx.allowHttpNotifyUrl);
  body.amount = { refund, total, currency: checkCurrency(input.currency) };
  return callApi(
    ctx,
    {
      endpoint: "refund.create",
      method: "POST",
      pathWithQuery: "/v3/refund/domestic/refunds",
      body: JSON.stringify(body),
      // A 429 here is mostly the one-refund-per-order-per-minute rule: seconds of backoff cannot
      // satisfy it, so the caller gets it at once and resubmits the same out_refund_no later.
      retryRateLimited: false,
    },
    refundSchema,
  );
}

export async function queryRefund(ctx: ClientContext, outRefundNo: string): Promise<WithRequestId<Refund>> {
  const path = `/v3/refund/domestic/refunds/${segment(checkOutRefundNo(outRefundNo))}`;
  return callApi(ctx, { endpoint: "refund.query", method: "GET", pathWithQuery: path }, refundSchema);
}

/** Where an ABNORMAL refund's money goes instead: the payer's bank card (named), or the merchant's. */
export type AbnormalRefundInput =
  | {
      refundId: string;
      outRefundNo: string;
      type: "USER_BANK_CARD";
      /** WeChat Pay's bank code, e.g. ICBC_DEBIT. */
      bankType: string;
      bankAccount: string;
      realName: string;
    }
  | { refundId: string; outRefundNo: string; type: "MERCHANT_BANK_CARD" };

/**
 * POST /v3/refund/domestic/refunds/{refund_id}/apply-abnormal-refund: settles an ABNORMAL refund
 * (closed card, frozen account). For USER_BANK_CARD the account and name are encrypted with
 * WeChat Pay's key and the request names that key in Wechatpay-Serial. Answers the refund.
 */
export async function applyAbnormalRefund(
  ctx: ClientContext,
  input: AbnormalRefundInput,
  key: EncryptionKey | null,
): Promise<WithRequestId<Refund>> {
  if (!/^[0-9A-Za-z]{1,64}$/.test(input.refundId))
    throw new ValidationError("refund_id", "must be WeChat Pay's refund_id");
  const body: Record<string, unknown> = { out_refund_no: checkOutRefundNo(input.outRefundNo), type: input.type };
  let serial: string | undefined;
  if (input.type === "USER_BANK_CARD") {
    if (!key) throw new ValidationError("bank_account", "no WeChat Pay key to encrypt it with");
    if (!/^[A-Z0-9_]{2,32}$/.test(input.bankType))
      throw new ValidationError("bank_type", "must be a bank code like ICBC_DEBIT");
    if (!/^\d{8,30}$/.test(input.bankAccount)) throw new ValidationError("bank_account", "must be 8–30 digits");
    body.bank_type = input.bankType;
    body.bank_account = encryptSensitive(input.bankAccount, key);
    body.real_name = encryptSensitive(checkText("real_name", input.realName, 32, true), key);
    serial = key.serial;
  }
  const path = `/v3/refund/domestic/refunds/${segment(input.refundId)}/apply-abnormal-refund`;
  return callApi(
    ctx,
    {
      endpoint: "refund.apply-abnormal",
      method: "POST",
      pathWithQuery: path,
      body: JSON.stringify(body),
      wechatpaySerial: serial,
    },
    refundSchema,
  );
}
