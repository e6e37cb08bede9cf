import { redirect } from "next/navigation";
import { QRCodeSVG } from "qrcode.react";
import { getConfig } from "@/lib/config";
import type { OrderView } from "@/lib/checkout/order-view";
import { pageErrorKind } from "@/lib/checkout/page-error";
import { placePrepay, type PlacedPrepay } from "@/lib/checkout/place-prepay";
import { getDb } from "@/lib/db/client";
import type { ShopMessages } from "@/lib/i18n/shop-messages";
import { getWechat } from "@/lib/payments/server";
import { ErrorCard } from "./order-summary";
import { watcherEnd, type PayRoutes } from "./pay-routes";
import { PaymentWatcher } from "./payment-watcher";
import { TestControls, type TestControlsLabels } from "./test-controls";

/** Desktop: the Native QR, drawn on the server (no QR code library in the browser bundle). */
export async function NativeSection({ order, t, routes }: { order: OrderView; t: ShopMessages; routes: PayRoutes }) {
  let placed: PlacedPrepay | null = null;
  let failure: ReturnType<typeof pageErrorKind> = null;
  try {
    placed = await placePrepay(await getDb(), getWechat(order.livemode), { orderNo: order.orderNo, channel: "NATIVE" });
  } catch (err) {
    failure = pageErrorKind(err);
    if (!failure) throw err;
  }
  if (failure === "paid") redirect(routes.alreadyPaid);
  if (!placed?.codeUrl) {
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
  const demo = config.wechat.mode === "demo";
  const scanUrl =
    config.wechat.mode === "demo"
      ? `${config.wechat.simulatorUrl}/scan?code_url=${encodeURIComponent(placed.codeUrl)}`
      : null;
  const testControls = !order.livemode && (
    <TestControls outTradeNo={placed.outTradeNo} cancelHref={routes.cancel ?? "/"} labels={testLabels(t)} />
  );
  const labels = {
    expiresIn: t.expiresIn,
    codeExpired: t.codeExpired,
    newCode: t.newCode,
    waitingPayment: t.waitingPayment,
    paidTitle: t.paidTitle,
    upstreamError: t.upstreamError,
    connectionProblem: t.connectionProblem,
    failed: t.payFailed,
  };
  return (
    <>
      <PaymentWatcher
        key={placed.outTradeNo}
        outTradeNo={placed.outTradeNo}
        paidHref={routes.paid}
        paidLink={routes.paidLink}
        expiresAt={placed.expiresAt.toISOString()}
        end={watcherEnd(order, placed, routes)}
        labels={labels}
        after={
          <>
            {scanUrl && (
              <a className="sim-link" href={scanUrl} target="_blank" rel="noopener" data-testid="simulator-scan">
                {t.simulatorScan}
              </a>
            )}
            {testControls}
          </>
        }
      >
        {/* Test data outside demo mode: no QR, since no phone can reach the simulator it encodes. */}
        {order.livemode || demo ? (
          <>
            <div className="qr" data-testid="qr" data-out-trade-no={placed.outTradeNo}>
              <QRCodeSVG value={placed.codeUrl} size={208} level="M" marginSize={2} title={t.scanHint} />
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
        )}
      </PaymentWatcher>
    </>
  );
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
