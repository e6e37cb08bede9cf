import { callApi, segment, type ClientContext, type WithRequestId } from "./call-api";
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
    },
    refundSchema,
  );
}

export async function queryRefund(ctx: ClientContext, outRefundNo: string): Promise<WithRequestId<Refund>> {
  const path = `/v3/refund/domestic/refunds/${segment(checkOutRefundNo(outRefundNo))}`;
  return callApi(ctx, { endpoint: "refund.query", method: "GET", pathWithQuery: path }, refundSchema);
}
