/** Trade and refund states as data: a union plus a transition table. */
export type TradeState = "NOTPAY" | "SUCCESS" | "CLOSED" | "REFUND" | "PAYERROR" | "USERPAYING" | "REVOKED";
export type RefundStatus = "PROCESSING" | "SUCCESS" | "ABNORMAL" | "CLOSED";

const TRADE: Record<TradeState, readonly TradeState[]> = {
  NOTPAY: ["SUCCESS", "CLOSED", "PAYERROR"],
  PAYERROR: ["SUCCESS", "CLOSED"],
  USERPAYING: ["SUCCESS", "PAYERROR", "CLOSED"],
  SUCCESS: ["REFUND"],
  REFUND: [],
  CLOSED: [],
  REVOKED: [],
};

const REFUND: Record<RefundStatus, readonly RefundStatus[]> = {
  PROCESSING: ["SUCCESS", "ABNORMAL", "CLOSED"],
  // apply-abnormal-refund sends the money again, to a bank card: processing once more.
  ABNORMAL: ["PROCESSING", "SUCCESS", "CLOSED"],
  SUCCESS: [],
  CLOSED: [],
};

export const TRADE_STATE_DESC: Record<TradeState, string> = {
  NOTPAY: "订单未支付",
  SUCCESS: "支付成功",
  CLOSED: "订单已关闭",
  REFUND: "转入退款",
  PAYERROR: "支付失败，请重新下单支付",
  USERPAYING: "用户支付中",
  REVOKED: "已撤销",
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`illegal transition ${from} -> ${to}`);
    this.name = "IllegalTransitionError";
  }
}

function canMoveTrade(from: TradeState, to: TradeState): boolean {
  return TRADE[from].includes(to);
}

export function assertTradeMove(from: TradeState, to: TradeState): void {
  if (!canMoveTrade(from, to)) throw new IllegalTransitionError(from, to);
}

export function assertRefundMove(from: RefundStatus, to: RefundStatus): void {
  if (!REFUND[from].includes(to)) throw new IllegalTransitionError(from, to);
}
