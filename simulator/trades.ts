import { beijingDate, rfc3339Beijing } from "./clock";
import type { SimContext } from "./context";
import { openidFor } from "./crypto/keys";
import { digits } from "./crypto/nonce";
import { WxError } from "./http";
import { TRADE_STATE_DESC, assertTradeMove, type TradeState } from "./state-machine";
import type { Order } from "./store";

export const DEFAULT_USER = "alice";

/** Closes an unpaid order whose time_expire has passed (business clock). */
function expireIfDue(ctx: SimContext, order: Order): Order {
  if (
    (order.trade_state === "NOTPAY" || order.trade_state === "PAYERROR") &&
    order.time_expire !== undefined &&
    ctx.clock.now() > order.time_expire
  ) {
    move(order, "CLOSED");
    order.closed_by = "expired";
  }
  return order;
}

export function getOrder(ctx: SimContext, outTradeNo: string): Order | undefined {
  const o = ctx.store.order(outTradeNo);
  return o && expireIfDue(ctx, o);
}

export function allOrders(ctx: SimContext): Order[] {
  return [...ctx.store.orders.values()].map((o) => expireIfDue(ctx, o));
}

function move(order: Order, to: TradeState): void {
  assertTradeMove(order.trade_state, to);
  order.trade_state = to;
}

/** The transaction object as the query API and TRANSACTION.SUCCESS return it. */
export function transactionView(order: Order): Record<string, unknown> {
  const paid = order.transaction_id !== undefined;
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.out_trade_no,
    ...(paid ? { transaction_id: order.transaction_id, trade_type: order.trade_type } : {}),
    trade_state: order.trade_state,
    trade_state_desc: TRADE_STATE_DESC[order.trade_state],
    ...(paid ? { bank_type: order.bank_type } : {}),
    attach: order.attach ?? "",
    ...(paid ? { success_time: rfc3339Beijing(order.success_time!) } : {}),
    payer: paid ? { openid: order.payer_openid } : {},
    amount: paid
      ? { total: order.total, payer_total: order.total, currency: order.currency, payer_currency: order.currency }
      : { total: order.total, currency: order.currency, payer_currency: order.currency },
    promotion_detail: [],
  };
}

/** Why an order can't be paid now, or undefined when it can. */
export function payBlocker(ctx: SimContext, order: Order): string | undefined {
  expireIfDue(ctx, order);
  if (order.trade_state === "SUCCESS" || order.trade_state === "REFUND") return "订单已支付 (already paid)";
  if (order.trade_state === "CLOSED")
    return order.closed_by === "expired" ? "订单已过期 (order expired)" : "订单已关闭 (order closed)";
  if (ctx.clock.now() > order.prepay_expires_at) return "支付已过期 (prepay expired after 2 h)";
  return undefined;
}

/** The shopper pays: NOTPAY | PAYERROR -> SUCCESS, then TRANSACTION.SUCCESS is delivered. */
/**
 * The shopper pays. `notify: false` plays a notification that never arrives (every one of
 * WeChat Pay's retries lost): it is recorded as failed, so only an active query finds the payment.
 */
export function payOrder(
  ctx: SimContext,
  order: Order,
  opts: { user?: string; openid?: string; notify?: boolean } = {},
): Order {
  const blocker = payBlocker(ctx, order);
  if (blocker) throw new WxError(400, order.trade_state === "CLOSED" ? "ORDER_CLOSED" : "ORDERPAID", blocker);
  move(order, "SUCCESS");
  const now = ctx.clock.now();
  order.transaction_id = `4200${beijingDate(now).replace(/-/g, "")}${digits(16)}`;
  order.success_time = now;
  order.bank_type = "OTHERS";
  order.payer_openid =
    order.payer_openid ?? opts.openid ?? openidFor(ctx.identity, order.appid, opts.user ?? DEFAULT_USER);
  ctx.store.byTransactionId.set(order.transaction_id, order.out_trade_no);
  const n = ctx.notifier.send(
    {
      eventType: "TRANSACTION.SUCCESS",
      summary: "支付成功",
      originalType: "transaction",
      resource: transactionView(order),
      url: order.notify_url,
      out_trade_no: order.out_trade_no,
    },
    opts.notify !== false,
  );
  if (opts.notify === false) n.status = "failed";
  return order;
}

/**
 * A failed payment attempt (bank refused, wrong password). For JSAPI, Native, H5 and APP orders,
 * the only kinds offered here, production keeps the order NOTPAY so the shopper can pay it again;
 * PAYERROR belongs to payment-code (付款码) payments. WeChat Pay sends no notification.
 */
export function failOrder(ctx: SimContext, order: Order): Order {
  expireIfDue(ctx, order);
  return order;
}

/** Closes an unpaid order (idempotent for already closed ones). */
export function closeOrder(ctx: SimContext, order: Order, by: "merchant" | "expired"): Order {
  expireIfDue(ctx, order);
  if (order.trade_state === "CLOSED") return order;
  if (order.trade_state === "SUCCESS" || order.trade_state === "REFUND") {
    throw new WxError(400, "ORDERPAID", "订单已支付，不能关闭 (order already paid, cannot close)");
  }
  move(order, "CLOSED");
  order.closed_by = by;
  return order;
}
