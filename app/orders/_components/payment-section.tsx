import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { QRCodeSVG } from "qrcode.react";
import { getConfig } from "@/lib/config";
import type { OrderView } from "@/lib/checkout/order-view";
import { pageErrorKind } from "@/lib/checkout/page-error";
import { placePrepay, type PlacedPrepay, type PrepayRequest } from "@/lib/checkout/place-prepay";
import { getDb } from "@/lib/db/client";
import type { PaymentChannel } from "@/lib/generated/prisma/enums";
import { clientIp } from "@/lib/http/client-ip";
import type { ShopMessages } from "@/lib/i18n/shop-messages";
import { readOpenid } from "@/app/_server/openid-session";
import { getWechat } from "@/lib/payments/mode-contexts";
import { miniProgramPayUrl } from "@/lib/checkout/mini-program-web-view";
import { JsapiPay } from "./jsapi-pay";
import { MiniProgramHandover, type MiniProgramHandoverLabels } from "./mini-program-handover";
import { ErrorCard } from "./order-summary";
import { watcherEnd, type PayRoutes } from "./pay-routes";
import { PaymentWatcher, type WatcherLabels } from "./payment-watcher";
import { TestControls, type TestControlsLabels } from "./test-controls";

/** WeChat's H5 page with our return page appended; it comes back to `routes.h5Return`. */
export function h5RedirectUrl(h5Url: string, returnUrl: string): string {
  const u = new URL(h5Url);
  u.searchParams.set("redirect_url", returnUrl);
  return u.toString();
}

/**
 * One channel's prepay and what follows it, for every channel: places the prepay (JSAPI first
 * signs the shopper in for an openid), handles its failures the same way (paid → the paid page,
 * closed or expired → the order's end, anything upstream → retry), then per channel: Native shows
 * the QR (drawn on the server: no QR library in the browser bundle), JSAPI opens WeChat's pay
 * sheet, H5 sends the shopper to WeChat's H5 page, which comes back to `routes.h5Return`.
 * A mini-program web-view cannot pay at all: it gets the hand-over to the mini-program's pay
 * page, before any sign-in or prepay (the mini-program places its own, for its own appid).
 */
export async function PaymentSection({
  order,
  t,
  routes,
  channel,
  miniProgram = false,
  oauthError = false,
}: {
  order: OrderView;
  t: ShopMessages;
  routes: PayRoutes;
  channel: PaymentChannel;
  miniProgram?: boolean;
  oauthError?: boolean;
}) {
  const handover = {
    url: miniProgramPayUrl({ orderNo: order.orderNo, checkoutSessionId: routes.checkoutSessionId }),
    labels: handoverLabels(t),
  };
  if (channel === "JSAPI" && miniProgram) return <MiniProgramHandoverPage order={order} handover={handover} />;

  const request: PrepayRequest = { orderNo: order.orderNo, channel };
  if (channel === "JSAPI") {
    const signIn = `/api/v1/oauth/wechat/start?returnTo=${encodeURIComponent(routes.self)}`;
    const openid = await readOpenid();
    if (!openid) {
      if (oauthError) return <ErrorCard message={t.signInFailed} retryHref={signIn} retryLabel={t.retry} />;
      redirect(signIn);
    }
    request.openid = openid;
  } else if (channel === "H5") request.clientIp = clientIp(await headers());

  let placed: PlacedPrepay | null = null;
  let failure: ReturnType<typeof pageErrorKind> = null;
  try {
    placed = await placePrepay(await getDb(), getWechat(order.livemode), request);
  } catch (err) {
    failure = pageErrorKind(err);
    if (!failure) throw err;
  }
  if (failure === "paid") redirect(routes.alreadyPaid);
  const credential =
    placed && (channel === "NATIVE" ? placed.codeUrl : channel === "JSAPI" ? placed.prepayId : placed.h5Url);
  if (!placed || !credential) {
    const closed = failure === "closed" || failure === "expired";
    return (
      <ErrorCard
        message={closed ? routes.closed.message : t.upstreamError}
        retryHref={closed ? routes.closed.href : routes.self}
        retryLabel={closed ? routes.closed.label : t.retry}
      />
    );
  }

  const config = getConfig();
  // Demo mode: the bundled simulator plays WeChat (its scan page, its stand-in for the JS bridge).
  const simulatorUrl = config.wechat.mode === "demo" ? config.wechat.simulatorUrl : null;
  const demo = simulatorUrl !== null;
  if (channel === "H5") {
    const back = `${config.appUrl}${routes.h5Return}?out_trade_no=${encodeURIComponent(placed.outTradeNo)}`;
    redirect(h5RedirectUrl(credential, back));
  }

  const watch = (labels: WatcherLabels, children: React.ReactNode, after?: React.ReactNode) => (
    <PaymentWatcher
      key={placed.outTradeNo}
      outTradeNo={placed.outTradeNo}
      paidHref={routes.paid}
      paidLink={routes.paidLink}
      expiresAt={placed.expiresAt.toISOString()}
      end={watcherEnd(order, placed, routes)}
      labels={labels}
      after={after}
    >
      {children}
    </PaymentWatcher>
  );

  if (channel === "JSAPI") {
    const params = getWechat(order.livemode).client.buildJsapiPayParams(credential);
    // The page's CSP allows scripts by nonce only (proxy.ts).
    const nonce = (await headers()).get("x-nonce") ?? undefined;
    const labels = {
      ...watcherLabels(t),
      expiresIn: t.payExpiresIn,
      codeExpired: t.payExpired,
      newCode: t.payAgain,
      waitingPayment: t.wechatOnly,
    };
    return (
      <>
        {/* Demo and tests only: the simulator's stand-in for the WeChat client's bridge. */}
        {demo && <script src={`${simulatorUrl}/_sim/jsbridge.js`} async nonce={nonce} />}
        {watch(
          labels,
          <JsapiPay
            paidHref={routes.paid}
            outTradeNo={placed.outTradeNo}
            bridge={params.bridge}
            handover={handover}
            labels={{
              payNow: t.payNow,
              payCancelled: t.payCancelled,
              payFailed: t.payFailed,
              confirming: t.confirming,
              payAgain: t.payAgain,
            }}
          />,
        )}
      </>
    );
  }

  const scanUrl = demo ? `${simulatorUrl}/scan?code_url=${encodeURIComponent(credential)}` : null;
  return watch(
    watcherLabels(t),
    // Test data outside demo mode: no QR, since no phone can reach the simulator it encodes.
    order.livemode || demo ? (
      <>
        <div className="qr" data-testid="qr" data-out-trade-no={placed.outTradeNo}>
          <QRCodeSVG value={credential} size={208} level="M" marginSize={2} title={t.scanHint} />
        </div>
        <p className="scan-hint">
          <span className="scan-icon" aria-hidden />
          {t.scanHint}
        </p>
      </>
    ) : (
      <p className="muted" data-testid="test-no-qr" data-out-trade-no={placed.outTradeNo}>
        {t.testNoQr}
      </p>
    ),
    <>
      {scanUrl && (
        <a className="sim-link" href={scanUrl} target="_blank" rel="noopener" data-testid="simulator-scan">
          {t.simulatorScan}
        </a>
      )}
      {!order.livemode && (
        <TestControls outTradeNo={placed.outTradeNo} cancelHref={routes.cancel ?? "/"} labels={testLabels(t)} />
      )}
    </>,
  );
}

/** WeChat's JS-SDK: its wx.miniProgram.navigateTo is the only way out of a web-view (nonce: the CSP). */
const JSSDK_URL = "https://res.wx.qq.com/open/js/jweixin-1.6.0.js";

async function MiniProgramHandoverPage({
  order,
  handover,
}: {
  order: OrderView;
  handover: { url: string; labels: MiniProgramHandoverLabels };
}) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <div data-order-no={order.orderNo}>
      <script src={JSSDK_URL} async nonce={nonce} />
      <MiniProgramHandover url={handover.url} labels={handover.labels} />
    </div>
  );
}

function handoverLabels(t: ShopMessages): MiniProgramHandoverLabels {
  return {
    miniProgramTitle: t.miniProgramTitle,
    miniProgramHint: t.miniProgramHint,
    miniProgramContinue: t.miniProgramContinue,
    miniProgramUnavailable: t.miniProgramUnavailable,
  };
}

/** The watcher's words for a QR; JSAPI swaps in its own for the expiry and the wait. */
function watcherLabels(t: ShopMessages): WatcherLabels {
  return {
    expiresIn: t.expiresIn,
    codeExpired: t.codeExpired,
    newCode: t.newCode,
    waitingPayment: t.waitingPayment,
    paidTitle: t.paidTitle,
    upstreamError: t.upstreamError,
    connectionProblem: t.connectionProblem,
    failed: t.payFailed,
  };
}

function testLabels(t: ShopMessages): TestControlsLabels {
  return {
    testModeTitle: t.testModeTitle,
    testModeHint: t.testModeHint,
    testPay: t.testPay,
    testFail: t.testFail,
    testCancel: t.testCancel,
    testLoseNotification: t.testLoseNotification,
    testNotifyTwice: t.testNotifyTwice,
    testFailedResult: t.testFailedResult,
    testLostResult: t.testLostResult,
    testActionFailed: t.testActionFailed,
  };
}
