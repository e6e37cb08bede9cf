import { rfc3339Beijing } from "./clock";
import type { SimContext } from "./context";
import { digits } from "./crypto/nonce";
import { assertRefundMove, type RefundStatus } from "./state-machine";
import type { Refund } from "./store";

export const MAX_REFUNDS_PER_ORDER = 50;

export function refundView(r: Refund): Record<string, unknown> {
  return {
    refund_id: r.refund_id,
    out_refund_no: r.out_refund_no,
    transaction_id: r.transaction_id,
    out_trade_no: r.out_trade_no,
    channel: "ORIGINAL",
    user_received_account: "支付用户零钱",
    ...(r.success_time !== undefined ? { success_time: rfc3339Beijing(r.success_time) } : {}),
    create_time: rfc3339Beijing(r.create_time),
    status: r.status,
    funds_account: r.funds_account ?? "AVAILABLE",
    amount: {
      total: r.total,
      refund: r.refund,
      from: [],
      payer_total: r.total,
      payer_refund: r.refund,
      settlement_refund: r.refund,
      settlement_total: r.total,
      discount_refund: 0,
      currency: r.currency,
      refund_fee: 0,
    },
    promotion_detail: [],
  };
}

/** The decrypted REFUND.* notification resource. */
function refundResource(ctx: SimContext, r: Refund): Record<string, unknown> {
  return {
    mchid: ctx.identity.merchant.mchid,
    transaction_id: r.transaction_id,
    out_trade_no: r.out_trade_no,
    refund_id: r.refund_id,
    out_refund_no: r.out_refund_no,
    refund_status: r.status,
    ...(r.success_time !== undefined ? { success_time: rfc3339Beijing(r.success_time) } : {}),
    user_received_account: "支付用户零钱",
    amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund },
  };
}

export function newRefundId(): string {
  return `50${digits(30)}`;
}

const EVENTS: Record<Exclude<RefundStatus, "PROCESSING">, [string, string]> = {
  SUCCESS: ["REFUND.SUCCESS", "退款成功"],
  ABNORMAL: ["REFUND.ABNORMAL", "退款异常"],
  CLOSED: ["REFUND.CLOSED", "退款关闭"],
};

/** Moves a refund on and notifies the merchant (REFUND.SUCCESS / ABNORMAL / CLOSED). */
export function finishRefund(ctx: SimContext, r: Refund, to: Exclude<RefundStatus, "PROCESSING">): Refund {
  assertRefundMove(r.status, to);
  r.status = to;
  if (to === "SUCCESS") r.success_time = ctx.clock.now();
  // Production sends refund notifications to the refund request's notify_url only, never the order's.
  const url = r.notify_url;
  const [eventType, summary] = EVENTS[to];
  if (url) {
    ctx.notifier.send({
      eventType,
      summary,
      originalType: "refund",
      resource: refundResource(ctx, r),
      url,
      out_trade_no: r.out_trade_no,
      out_refund_no: r.out_refund_no,
    });
  }
  return r;
}

/** Schedules PROCESSING -> SUCCESS after the configured delay (negative delay: manual only). */
export function scheduleSettlement(ctx: SimContext, r: Refund): void {
  if (ctx.options.refundDelayMs < 0) return;
  const timer = setTimeout(() => {
    ctx.timers.delete(timer);
    if (r.status === "PROCESSING") finishRefund(ctx, r, "SUCCESS");
  }, ctx.options.refundDelayMs);
  ctx.timers.add(timer);
}
