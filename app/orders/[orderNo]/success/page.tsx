import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getOrderView, PAID_STATUSES } from "@/lib/checkout/order-view";
import { getDb } from "@/lib/db/client";
import { getMessages } from "@/app/_server/locale";
import { formatFen } from "@/lib/money/format-fen";
import { OrderItems } from "../../_components/order-summary";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "支付成功 · Paid", robots: { index: false } };

export default async function PaidPage({
  params,
  searchParams,
}: {
  params: Promise<{ orderNo: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ orderNo }, sp, { locale, t }, db] = await Promise.all([params, searchParams, getMessages("shop"), getDb()]);
  const order = await getOrderView(db, orderNo);
  if (!order) notFound();
  if (!PAID_STATUSES.includes(order.status)) redirect(`/orders/${orderNo}`);
  const paidAt = order.paidAt?.toLocaleString(locale, { timeZone: "Asia/Shanghai", hour12: false });
  return (
    <main className="pay-page">
      <section className="pay-card success" data-testid="success">
        <div className="success-icon" aria-hidden>
          ✓
        </div>
        <h1 className="pay-title">{t.paidTitle}</h1>
        {/* Came back to pay an order that was already paid (another tab, another device). */}
        {sp.already === "1" && (
          <p className="notice" data-testid="already-paid">
            {t.alreadyPaid}
          </p>
        )}
        <p className="muted small">{t.paidAmount}</p>
        <p className="pay-amount" data-testid="amount">
          {formatFen(order.totalFen)}
        </p>
        <dl className="facts">
          <dt>{t.orderNoLabel}</dt>
          <dd data-testid="order-no">{order.orderNo}</dd>
          {paidAt && (
            <>
              <dt>{t.paidAt}</dt>
              <dd>{paidAt}</dd>
            </>
          )}
        </dl>
        <Link className="btn block" href="/">
          {t.backToShop}
        </Link>
      </section>
      <OrderItems order={order} t={t} />
    </main>
  );
}
