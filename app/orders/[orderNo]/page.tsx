import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getOrderView, PAID_STATUSES } from "@/lib/checkout/order-view";
import { pickChannel } from "@/lib/checkout/pick-channel";
import { getDb } from "@/lib/db/client";
import { getMessages } from "@/lib/i18n/server";
import { H5Section } from "../_components/h5-section";
import { JsapiSection } from "../_components/jsapi-section";
import { NativeSection } from "../_components/native-section";
import { ErrorCard, OrderHead, OrderItems } from "../_components/order-summary";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "微信支付 · WeChat Pay", robots: { index: false } };

/** The payment page, chosen by where the shopper is: desktop QR, WeChat JSAPI, or phone H5. */
export default async function OrderPayPage({
  params,
  searchParams,
}: {
  params: Promise<{ orderNo: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ orderNo }, sp, { t }, db, h] = await Promise.all([params, searchParams, getMessages(), getDb(), headers()]);
  const order = await getOrderView(db, orderNo);
  if (!order) notFound();
  if (PAID_STATUSES.includes(order.status)) redirect(`/orders/${order.orderNo}/success?already=1`);
  const { channel, miniProgram } = pickChannel(h.get("user-agent"));
  return (
    <main className="pay-page" data-channel={channel}>
      <section className="pay-card">
        <h1 className="pay-title">
          <span className="wxpay-mark" aria-hidden />
          {t.payTitle}
        </h1>
        <OrderHead order={order} t={t} />
        {order.status === "CLOSED" ? (
          <ErrorCard message={t.orderClosed} retryHref="/" retryLabel={t.backToShop} />
        ) : channel === "JSAPI" ? (
          <JsapiSection order={order} t={t} miniProgram={miniProgram} oauthError={sp.oauth_error === "1"} />
        ) : channel === "H5" ? (
          <H5Section order={order} t={t} />
        ) : (
          <NativeSection order={order} t={t} />
        )}
      </section>
      <OrderItems order={order} t={t} />
    </main>
  );
}
