import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { OUT_TRADE_NO_PATTERN } from "@/lib/checkout/identifiers";
import { getOrderView, PAID_STATUSES } from "@/lib/checkout/order-view";
import { queryPaymentNow } from "@/lib/checkout/payment-status";
import { getDb } from "@/lib/db/client";
import { getMessages } from "@/app/_server/locale";
import { wechatForPayment } from "@/lib/payments/wechat-for";
import { OrderHead, OrderItems } from "../../_components/order-summary";
import { ReturnWatcher } from "../../_components/return-watcher";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "支付结果 · Payment result", robots: { index: false } };

/** Where WeChat's H5 page sends the shopper back: ask WeChat Pay now, then keep watching. */
export default async function H5ReturnPage({
  params,
  searchParams,
}: {
  params: Promise<{ orderNo: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ orderNo }, sp, { t }, db] = await Promise.all([params, searchParams, getMessages("shop"), getDb()]);
  const outTradeNo =
    typeof sp.out_trade_no === "string" && OUT_TRADE_NO_PATTERN.test(sp.out_trade_no) ? sp.out_trade_no : null;
  let order = await getOrderView(db, orderNo);
  if (!order) notFound();
  if (outTradeNo && !PAID_STATUSES.includes(order.status)) {
    // Coming back usually means "paid"; the notification may not have arrived yet.
    const status = await queryPaymentNow(db, await wechatForPayment(db, outTradeNo), outTradeNo).catch(() => null);
    if (status && status.orderNo === order.orderNo) order = await getOrderView(db, orderNo);
  }
  if (order && PAID_STATUSES.includes(order.status)) redirect(`/orders/${orderNo}/success`);
  return (
    <main className="pay-page">
      <section className="pay-card">
        <h1 className="pay-title">{t.resultTitle}</h1>
        <OrderHead order={order!} t={t} />
        <div className="pay-result" data-testid="h5-return">
          {outTradeNo ? (
            <ReturnWatcher
              outTradeNo={outTradeNo}
              paidHref={`/orders/${orderNo}/success`}
              connectionProblem={t.connectionProblem}
            >
              <p className="muted" role="status">
                {t.notPaidYet}
              </p>
            </ReturnWatcher>
          ) : (
            <p className="muted">{t.notPaidYet}</p>
          )}
          <a className="btn block" href={`/orders/${orderNo}`}>
            {t.payAgain}
          </a>
        </div>
      </section>
      <OrderItems order={order!} t={t} />
    </main>
  );
}
