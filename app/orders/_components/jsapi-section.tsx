import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/config";
import type { OrderView } from "@/lib/checkout/order-view";
import { pageErrorKind } from "@/lib/checkout/page-error";
import { placePrepay, type PlacedPrepay } from "@/lib/checkout/place-prepay";
import { getDb } from "@/lib/db/client";
import type { ShopMessages } from "@/lib/i18n/shop-messages";
import { readOpenid } from "@/lib/oauth/openid-session";
import { getWechat } from "@/lib/payments/server";
import { JsapiPay } from "./jsapi-pay";
import { ErrorCard } from "./order-summary";
import { watcherEnd, type PayRoutes } from "./pay-routes";
import { PaymentWatcher } from "./payment-watcher";

/** Inside WeChat: snsapi_base for the openid, the JSAPI prepay, then WeChat's own pay sheet. */
export async function JsapiSection({
  order,
  t,
  miniProgram,
  oauthError,
  routes,
}: {
  order: OrderView;
  t: ShopMessages;
  miniProgram: boolean;
  oauthError: boolean;
  routes: PayRoutes;
}) {
  const signIn = `/api/v1/oauth/wechat/start?returnTo=${encodeURIComponent(routes.self)}`;
  const openid = await readOpenid();
  if (!openid) {
    if (oauthError) return <ErrorCard message={t.signInFailed} retryHref={signIn} retryLabel={t.retry} />;
    redirect(signIn);
  }
  let placed: PlacedPrepay | null = null;
  let failure: ReturnType<typeof pageErrorKind> = null;
  try {
    placed = await placePrepay(await getDb(), getWechat(order.livemode), {
      orderNo: order.orderNo,
      channel: "JSAPI",
      openid,
    });
  } catch (err) {
    failure = pageErrorKind(err);
    if (!failure) throw err;
  }
  if (failure === "paid") redirect(routes.alreadyPaid);
  if (!placed?.prepayId) {
    const closed = failure === "closed" || failure === "expired";
    return (
      <ErrorCard
        message={closed ? routes.closed.message : t.upstreamError}
        retryHref={closed ? routes.closed.href : routes.self}
        retryLabel={closed ? routes.closed.label : t.retry}
      />
    );
  }
  const params = getWechat(order.livemode).client.buildJsapiPayParams(placed.prepayId);
  const config = getConfig();
  // The page's CSP allows scripts by nonce only (proxy.ts).
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const labels = {
    expiresIn: t.payExpiresIn,
    codeExpired: t.payExpired,
    newCode: t.payAgain,
    waitingPayment: t.wechatOnly,
    paidTitle: t.paidTitle,
    upstreamError: t.upstreamError,
    connectionProblem: t.connectionProblem,
    failed: t.payFailed,
  };
  return (
    <>
      {/* Demo and tests only: the simulator's stand-in for the WeChat client's bridge. */}
      {config.wechat.mode === "demo" && (
        <script src={`${config.wechat.simulatorUrl}/_sim/jsbridge.js`} async nonce={nonce} />
      )}
      <PaymentWatcher
        key={placed.outTradeNo}
        outTradeNo={placed.outTradeNo}
        paidHref={routes.paid}
        paidLink={routes.paidLink}
        expiresAt={placed.expiresAt.toISOString()}
        end={watcherEnd(order, placed, routes)}
        labels={labels}
      >
        <JsapiPay
          paidHref={routes.paid}
          outTradeNo={placed.outTradeNo}
          bridge={params.bridge}
          miniProgram={miniProgram ? params.miniProgram : null}
          labels={{
            payNow: t.payNow,
            payCancelled: t.payCancelled,
            payFailed: t.payFailed,
            confirming: t.confirming,
            payAgain: t.payAgain,
          }}
        />
      </PaymentWatcher>
    </>
  );
}
