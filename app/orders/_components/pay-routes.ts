/**
 * Where one payment page sends the shopper: the same page serves /orders/<orderNo> and a
 * merchant's hosted checkout /pay/cs_…, which differ only in these destinations.
 */
export interface PayRoutes {
  /** This page's path: retry links and the way back from WeChat sign-in (same-origin path). */
  self: string;
  /** Where to go once paid: a path here, or the merchant's successUrl. */
  paid: string;
  /** The same when the order turns out to be paid already on arrival. */
  alreadyPaid: string;
  /** Path of the page WeChat's H5 flow returns to (gets `?out_trade_no=…`). */
  h5Return: string;
  /** A closed or expired order: what to say and where to go instead (no new QR). */
  closed: { message: string; href?: string; label?: string };
  /** Shown with "paid" (a link in case the redirect to `paid` is blocked). */
  paidLinkLabel?: string;
}

/** Client-side navigation to a path here (router) or to another origin (the merchant). */
export function isExternal(href: string): boolean {
  return !href.startsWith("/") || href.startsWith("//");
}
