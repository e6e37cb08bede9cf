import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/config";
import type { OrderView } from "@/lib/checkout/order-view";
import { pageErrorKind } from "@/lib/checkout/page-error";
import { placePrepay, type PlacedPrepay } from "@/lib/checkout/place-prepay";
import { getDb } from "@/lib/db/client";
import { clientIp } from "@/lib/http/client-ip";
import type { ShopMessages } from "@/lib/i18n/shop-messages";
import { getWechat } from "@/lib/payments/server";
import { ErrorCard } from "./order-summary";
import type { PayRoutes } from "./pay-routes";

/** WeChat's H5 page with our return page appended; it comes back to `routes.h5Return`. */
export function h5RedirectUrl(h5Url: string, returnUrl: string): string {
  const u = new URL(h5Url);
  u.searchParams.set("redirect_url", returnUrl);
  return u.toString();
}

/** A phone browser outside WeChat: place the H5 prepay and send the shopper to it. */
export async function H5Section({ order, t, routes }: { order: OrderView; t: ShopMessages; routes: PayRoutes }) {
  let placed: PlacedPrepay | null = null;
  let failure: ReturnType<typeof pageErrorKind> = null;
  try {
    placed = await placePrepay(await getDb(), getWechat(order.livemode), {
      orderNo: order.orderNo,
      channel: "H5",
      clientIp: clientIp(await headers()),
    });
  } catch (err) {
    failure = pageErrorKind(err);
    if (!failure) throw err;
  }
  if (failure === "paid") redirect(routes.alreadyPaid);
  if (!placed?.h5Url) {
    const closed = failure === "closed" || failure === "expired";
    return (
      <ErrorCard
        message={closed ? routes.closed.message : t.upstreamError}
        retryHref={closed ? routes.closed.href : routes.self}
        retryLabel={closed ? routes.closed.label : t.retry}
      />
    );
  }
  const back = `${getConfig().appUrl}${routes.h5Return}?out_trade_no=${encodeURIComponent(placed.outTradeNo)}`;
  redirect(h5RedirectUrl(placed.h5Url, back));
}
