import { headers } from "next/headers";
import type { OrderView } from "@/lib/checkout/order-view";
import { pickChannel } from "@/lib/checkout/pick-channel";
import { getConfig } from "@/lib/config";
import type { ShopMessages } from "@/lib/i18n/shop-messages";
import { ErrorCard, OrderHead, OrderItems } from "./order-summary";
import type { PayRoutes } from "./pay-routes";
import { PaymentSection } from "./payment-section";

/**
 * The one payment page, for /orders/<orderNo> and a merchant's hosted checkout /pay/cs_…: the
 * channel is chosen by where the shopper is (desktop Native QR, WeChat JSAPI, phone H5); the
 * routes say where paid, closed and retry go. `footer` goes under the card (the cancel link).
 */
export async function PaymentPage({
  order,
  t,
  routes,
  oauthError,
  itemsOpen,
  footer,
}: {
  order: OrderView;
  t: ShopMessages;
  routes: PayRoutes;
  oauthError: boolean;
  itemsOpen?: boolean;
  footer?: React.ReactNode;
}) {
  const picked = pickChannel((await headers()).get("user-agent"));
  const { miniProgram } = picked;
  // Test data in a live deployment: the shopper's phone cannot reach the simulator on loopback,
  // so every channel gets the test page's controls (the Native section, without a QR to scan).
  const testControlsOnly = !order.livemode && getConfig().wechat.mode === "live";
  const channel = testControlsOnly ? "NATIVE" : picked.channel;
  return (
    <main className="pay-page" data-channel={channel}>
      <section className="pay-card">
        <h1 className="pay-title">
          <span className="wxpay-mark" aria-hidden />
          {t.payTitle}
          {!order.livemode && (
            <span className="test-badge" data-testid="test-badge">
              {t.testBadge}
            </span>
          )}
        </h1>
        <OrderHead order={order} t={t} />
        {order.status === "CLOSED" ? (
          <ErrorCard message={routes.closed.message} retryHref={routes.closed.href} retryLabel={routes.closed.label} />
        ) : (
          <PaymentSection
            order={order}
            t={t}
            routes={routes}
            channel={channel}
            miniProgram={miniProgram}
            oauthError={oauthError}
          />
        )}
      </section>
      <OrderItems order={order} t={t} open={itemsOpen} />
      {footer}
    </main>
  );
}
