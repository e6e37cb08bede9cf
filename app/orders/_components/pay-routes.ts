import type { OrderView } from "@/lib/checkout/order-view";

/**
 * Where one payment page sends the shopper: the same page serves /orders/<orderNo> and a
 * merchant's hosted checkout /pay/cs_…, which differ only in these destinations.
 */
export interface PayRoutes {
  /** This page's path: retry links and the way back from WeChat sign-in (same-origin path). */
  self: string;
  /** A hosted checkout's session: a mini-program web-view hands it (not just the order) over. */
  checkoutSessionId?: string;
  /** Where to go once paid: a path here, or the merchant's successUrl. */
  paid: string;
  /** The same when the order turns out to be paid already on arrival. */
  alreadyPaid: string;
  /** Path of the page WeChat's H5 flow returns to (gets `?out_trade_no=…`). */
  h5Return: string;
  /** A closed or expired order: what to say and where to go instead (no new QR). */
  closed: { message: string; href?: string; label?: string };
  /**
   * Leaving for another site once paid (the merchant): a short pause on "paid" with a note, and
   * a visible link in case the redirect is blocked.
   */
  paidLink?: PaidLink;
  /** Where "cancel" takes the shopper (the merchant's cancelUrl; the shop otherwise). */
  cancel?: string;
}

export interface PaidLink {
  label: string;
  note: string;
}

/** How long "paid" stays on screen before leaving for the merchant: the shopper sees it went through. */
export const PAID_PAUSE_MS = 1500;

/** Whether `href` leaves this origin (the merchant's successUrl): then a full navigation, not the router. */
export function isExternal(href: string): boolean {
  return !href.startsWith("/") || href.startsWith("//");
}

/** What an attempt's expiry means when it ends with its order's (a Checkout Session): no new code. */
export interface WatcherEnd {
  message: string;
  href?: string;
  label?: string;
}

/** The session's own end when this attempt runs until it (its time_expire was capped there), else null. */
export function watcherEnd(
  order: Pick<OrderView, "expiresAt">,
  placed: { expiresAt: Date },
  routes: Pick<PayRoutes, "closed">,
): WatcherEnd | null {
  return order.expiresAt && placed.expiresAt.getTime() >= order.expiresAt.getTime() - 1000 ? routes.closed : null;
}
