import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { OUT_TRADE_NO_PATTERN } from "@/lib/checkout/identifiers";
import { queryPaymentNow } from "@/lib/checkout/payment-status";
import { getSessionPage } from "@/lib/checkout-sessions/session-page";
import { getDb } from "@/lib/db/client";
import { getMessages } from "@/app/_server/locale";
import { wechatForPayment } from "@/lib/payments/wechat-for";
import { OrderHead, OrderItems } from "../../orders/_components/order-summary";
import { PaymentPage } from "../../orders/_components/payment-page";
import { ReturnWatcher } from "../../orders/_components/return-watcher";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "微信支付 · WeChat Pay", robots: { index: false } };

/**
 * A merchant's hosted checkout (Checkout Session `url`): the same payment page as
 * /orders/<orderNo>, returning to the merchant's successUrl once paid and offering its
 * cancelUrl. An expired session says so and never shows a QR.
 */
export default async function SessionPayPage({
  params,
  searchParams,
}: {
  params: Promise<{ sessionId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ sessionId }, sp, { t }, db] = await Promise.all([params, searchParams, getMessages("shop"), getDb()]);
  let s = await getSessionPage(db, sessionId);
  if (!s) notFound();
  const self = `/pay/${s.id}`;
  // Back from WeChat's H5 page: ask WeChat Pay now (the notification may not be here yet).
  const outTradeNo =
    typeof sp.out_trade_no === "string" && OUT_TRADE_NO_PATTERN.test(sp.out_trade_no) ? sp.out_trade_no : null;
  if (outTradeNo && s.status !== "complete") {
    const status = await queryPaymentNow(db, await wechatForPayment(db, outTradeNo), outTradeNo).catch(() => null);
    if (status && status.orderNo === s.order.orderNo) s = (await getSessionPage(db, sessionId))!;
  }
  if (s.status === "complete") redirect(s.successUrl);

  const cancel = s.cancelUrl ? (
    <a className="cancel-link" href={s.cancelUrl} data-testid="cancel-link">
      {t.cancelPayment}
    </a>
  ) : null;
  if (s.status === "expired") {
    return (
      <main className="pay-page">
        <section className="pay-card">
          <h1 className="pay-title">
            <span className="wxpay-mark" aria-hidden />
            {t.payTitle}
          </h1>
          <OrderHead order={s.order} t={t} />
          <div className="pay-error" role="alert" data-testid="session-expired">
            <p>{t.sessionExpired}</p>
            {s.cancelUrl && (
              <a className="btn" href={s.cancelUrl}>
                {t.returnToMerchant}
              </a>
            )}
          </div>
        </section>
        <OrderItems order={s.order} t={t} open />
      </main>
    );
  }
  if (outTradeNo) {
    return (
      <main className="pay-page">
        <section className="pay-card">
          <h1 className="pay-title">{t.resultTitle}</h1>
          <OrderHead order={s.order} t={t} />
          <div className="pay-result" data-testid="h5-return">
            <ReturnWatcher outTradeNo={outTradeNo} paidHref={s.successUrl} connectionProblem={t.connectionProblem}>
              <p className="muted" role="status">
                {t.notPaidYet}
              </p>
            </ReturnWatcher>
            <a className="btn block" href={self}>
              {t.payAgain}
            </a>
          </div>
        </section>
        <OrderItems order={s.order} t={t} open />
        {cancel}
      </main>
    );
  }
  return (
    <PaymentPage
      order={s.order}
      t={t}
      oauthError={sp.oauth_error === "1"}
      itemsOpen
      footer={cancel}
      routes={{
        self,
        checkoutSessionId: s.id,
        paid: s.successUrl,
        alreadyPaid: s.successUrl,
        h5Return: self,
        closed: s.cancelUrl
          ? { message: t.sessionExpired, href: s.cancelUrl, label: t.returnToMerchant }
          : { message: t.sessionExpired },
        paidLink: { label: t.returnToMerchant, note: t.returningToMerchant },
        cancel: s.cancelUrl ?? undefined,
      }}
    />
  );
}
