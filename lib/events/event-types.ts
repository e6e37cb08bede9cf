// Every event a merchant's systems can receive (webhooks) or list (GET /api/v1/events). The
// database CHECK on events.type holds the same list (migration 20261201221516_webhooks).

/** The events with an object behind them (a session, an order, a refund): all but `ping`. */
export const OBJECT_EVENT_TYPES = [
  "checkout.session.completed",
  "checkout.session.expired",
  "payment.succeeded",
  "payment.flagged",
  "refund.created",
  "refund.succeeded",
  "refund.failed",
  "refund.abnormal",
] as const;

export const EVENT_TYPES = [...OBJECT_EVENT_TYPES, "ping"] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const isEventType = (s: string): s is EventType => (EVENT_TYPES as readonly string[]).includes(s);

/** Which object an event's `data.object` is. */
export function eventObjectKind(type: EventType): "checkout.session" | "order" | "refund" | "ping" {
  if (type.startsWith("checkout.session.")) return "checkout.session";
  if (type.startsWith("payment.")) return "order";
  if (type.startsWith("refund.")) return "refund";
  return "ping";
}

export const EVENT_DESCRIPTIONS: Record<EventType, string> = {
  "checkout.session.completed": "A Checkout Session was paid. Fulfil the order.",
  "checkout.session.expired": "A Checkout Session expired (its expiresAt passed, or it was expired through the API).",
  "payment.succeeded": "An order was paid (every order: Checkout Sessions and the shop's own).",
  "payment.flagged":
    "WeChat Pay reported something a person must look at: an amount, mchid or appid mismatch, a second " +
    "payment of a paid order, or a payment of a closed attempt. data.reason says which.",
  "refund.created": "A refund was stored and its amount reserved (WeChat Pay is asked next).",
  "refund.succeeded": "WeChat Pay returned the money to the shopper.",
  "refund.failed": "A refund ended without moving money: CLOSED by WeChat Pay, or REJECTED when it was submitted.",
  "refund.abnormal":
    "WeChat Pay could not return the money (e.g. the shopper's card was closed): act in its merchant platform.",
  ping: "Sent by “Send test” in the admin console.",
};
