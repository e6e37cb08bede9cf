import type { OrderStatus, PaymentStatus, RefundStatus } from "@/lib/generated/prisma/enums";

/**
 * The payment and refund state machines as data. Nothing moves backwards: a repeated or late
 * notification can never take a refunded payment back to PAID (litemall's bug). The tables are
 * enforced as the WHERE of each conditional update (paymentStatesBefore, refundStatesBefore):
 * an illegal move updates no row.
 */
const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  PENDING: ["PAID", "CLOSED", "FAILED"],
  PAID: ["PARTIALLY_REFUNDED", "REFUNDED"],
  PARTIALLY_REFUNDED: ["REFUNDED"],
  CLOSED: [],
  FAILED: [],
  REFUNDED: [],
};

/** CREATED is ours (stored before WeChat Pay is called); the rest are WeChat Pay's. */
const REFUND_TRANSITIONS: Readonly<Record<RefundStatus, readonly RefundStatus[]>> = {
  CREATED: ["PROCESSING", "SUCCESS", "CLOSED", "ABNORMAL", "REJECTED"],
  PROCESSING: ["SUCCESS", "CLOSED", "ABNORMAL"],
  // An abnormal refund (closed card, frozen account) is settled by the merchant later.
  ABNORMAL: ["SUCCESS", "CLOSED"],
  SUCCESS: [],
  CLOSED: [],
  REJECTED: [],
};

/** The states a payment may be in for a move to `to` to be legal: the WHERE of the update. */
export function paymentStatesBefore(to: PaymentStatus): PaymentStatus[] {
  return (Object.keys(PAYMENT_TRANSITIONS) as PaymentStatus[]).filter((s) => PAYMENT_TRANSITIONS[s].includes(to));
}

/** Whether `later` can be reached from `earlier`: a report of `earlier` now is stale, not a conflict. */
export function refundPrecedes(earlier: RefundStatus, later: RefundStatus): boolean {
  const seen = new Set<RefundStatus>();
  const queue: RefundStatus[] = [...REFUND_TRANSITIONS[earlier]];
  while (queue.length) {
    const s = queue.shift()!;
    if (s === later) return true;
    if (!seen.has(s)) {
      seen.add(s);
      queue.push(...REFUND_TRANSITIONS[s]);
    }
  }
  return false;
}

/** The states a refund may be in for a move to `to` to be legal: the WHERE of the update. */
export function refundStatesBefore(to: RefundStatus): RefundStatus[] {
  return (Object.keys(REFUND_TRANSITIONS) as RefundStatus[]).filter((s) => REFUND_TRANSITIONS[s].includes(to));
}

/** Payments that took money, in the order it matters for the order's status. */
const SETTLED: readonly PaymentStatus[] = ["REFUNDED", "PARTIALLY_REFUNDED", "PAID"];

/**
 * The order's status follows its payments: the attempt that took money decides; otherwise the
 * order stays payable (PENDING) until it is closed for good (`orderClosed`).
 */
export function deriveOrderStatus(payments: readonly { status: PaymentStatus }[], orderClosed = false): OrderStatus {
  const settled = payments.filter((p) => SETTLED.includes(p.status));
  if (settled.length > 0) {
    // Several paid attempts for one order is an anomaly flagged elsewhere; the order is paid.
    if (settled.every((p) => p.status === "REFUNDED")) return "REFUNDED";
    if (settled.some((p) => p.status === "PARTIALLY_REFUNDED" || p.status === "REFUNDED")) return "PARTIALLY_REFUNDED";
    return "PAID";
  }
  return orderClosed ? "CLOSED" : "PENDING";
}

/** WeChat Pay's trade_state → the payment state it implies (null: no change, still pending). */
export function paymentStatusForTradeState(tradeState: string): PaymentStatus | null {
  switch (tradeState) {
    case "SUCCESS":
    case "REFUND": // paid, then refunded: the payment was PAID; refunds are tracked on their own
      return "PAID";
    case "CLOSED":
    case "REVOKED":
      return "CLOSED";
    case "PAYERROR":
      return "FAILED";
    default: // NOTPAY, USERPAYING
      return null;
  }
}
