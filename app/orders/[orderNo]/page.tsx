import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getOrderView, PAID_STATUSES } from "@/lib/checkout/order-view";
import { getDb } from "@/lib/db/client";
import { getMessages } from "@/app/_server/locale";
import { PaymentPage } from "../_components/payment-page";

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
  const [{ orderNo }, sp, { t }, db] = await Promise.all([params, searchParams, getMessages("shop"), getDb()]);
  const order = await getOrderView(db, orderNo);
  if (!order) notFound();
  const base = `/orders/${order.orderNo}`;
  if (PAID_STATUSES.includes(order.status)) redirect(`${base}/success?already=1`);
  return (
    <PaymentPage
      order={order}
      t={t}
      oauthError={sp.oauth_error === "1"}
      routes={{
        self: base,
        paid: `${base}/success`,
        alreadyPaid: `${base}/success?already=1`,
        h5Return: `${base}/return`,
        closed: { message: t.orderClosed, href: "/", label: t.backToShop },
      }}
    />
  );
}
