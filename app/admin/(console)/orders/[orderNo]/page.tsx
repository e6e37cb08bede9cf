import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdminPage } from "@/app/_server/require-admin";
import { getMessages } from "@/app/_server/locale";
import { getAdminView } from "@/app/_server/admin-view";
import { getOrderDetail } from "@/lib/admin/order-detail";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors/app-error";
import { formatFen, formatTime } from "../../../_components/format";
import { StatusBadge } from "../../../_components/status-badge";
import { ModeBadge, OtherModeNotice } from "../../../_components/mode-mark";
import { TimelineList } from "../../../_components/timeline-list";
import { AbnormalRefundForm } from "./abnormal-refund-form";
import { RefundForm } from "./refund-form";
import { AdminTable } from "../../../_components/admin-table";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ orderNo: string }> }): Promise<Metadata> {
  return { title: (await params).orderNo };
}

export default async function OrderPage({ params }: { params: Promise<{ orderNo: string }> }) {
  const { orderNo } = await params;
  const user = await requireAdminPage(`/admin/orders/${encodeURIComponent(orderNo)}`);
  const [{ t, locale }, db, view] = await Promise.all([getMessages("admin"), getDb(), getAdminView()]);
  const detail = await getOrderDetail(db, orderNo).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const { order, timeline, outbox } = detail;
  const o = t.orders;
  const d = t.detail;
  const session = order.checkoutSession;
  const metadata =
    session?.metadata && typeof session.metadata === "object" && !Array.isArray(session.metadata)
      ? (session.metadata as Record<string, unknown>)
      : {};
  const refunds = order.payments.flatMap((p) => p.refunds.map((r) => ({ ...r, outTradeNo: p.outTradeNo })));
  // REFUNDED stays listed so a refund being watched keeps its status box after the last one settles.
  const refundable = order.payments.filter(
    (p) => p.status === "PAID" || p.status === "PARTIALLY_REFUNDED" || p.status === "REFUNDED",
  );
  return (
    <main className="admin">
      <p className="small">
        <Link href="/admin/orders">← {d.back}</Link>
      </p>
      <h1>
        <span className="mono" style={{ fontSize: 20 }}>
          {order.orderNo}
        </span>
        <StatusBadge status={order.status} label={t.orderStatus[order.status]} />
        <ModeBadge livemode={order.livemode} t={t.mode} />
      </h1>
      <OtherModeNotice livemode={order.livemode} viewLivemode={view.livemode} t={t.mode} />
      <div className="cols-2">
        <div>
          <section className="panel">
            <dl className="kv">
              <dt>{o.amount}</dt>
              <dd className="price">{formatFen(order.totalFen)}</dd>
              <dt>{o.createdAt}</dt>
              <dd>{formatTime(order.createdAt, locale)}</dd>
              <dt>{d.items}</dt>
              <dd>
                {order.items.map((i) => (
                  <div key={i.id}>
                    {i.name} × {i.quantity} <span className="muted">{formatFen(i.lineTotalFen)}</span>
                  </div>
                ))}
              </dd>
            </dl>
          </section>
          {session && (
            <section className="panel" data-testid="checkout-session">
              <h2>{d.session}</h2>
              <dl className="kv">
                <dt>{d.sessionId}</dt>
                <dd className="mono">{session.id}</dd>
                <dt>{d.clientReference}</dt>
                <dd className="mono">{session.clientReferenceId ?? "—"}</dd>
                <dt>{d.metadata}</dt>
                <dd>
                  {Object.keys(metadata).length === 0
                    ? "—"
                    : Object.entries(metadata).map(([k, v]) => (
                        <div key={k}>
                          <span className="mono">{k}</span>: {String(v)}
                        </div>
                      ))}
                </dd>
                <dt>{d.successUrl}</dt>
                <dd className="mono small break">{session.successUrl}</dd>
                <dt>{d.cancelUrl}</dt>
                <dd className="mono small break">{session.cancelUrl ?? "—"}</dd>
                <dt>{d.expiresAt}</dt>
                <dd>{order.expiresAt ? formatTime(order.expiresAt, locale) : "—"}</dd>
                {session.expiredAt && (
                  <>
                    <dt>{d.expiredAt}</dt>
                    <dd>{formatTime(session.expiredAt, locale)}</dd>
                  </>
                )}
                {session.apiKey && (
                  <>
                    <dt>{d.apiKey}</dt>
                    <dd className="mono small">
                      {session.apiKey.prefix}…{session.apiKey.lastFour} ({session.apiKey.name})
                    </dd>
                  </>
                )}
              </dl>
            </section>
          )}
          <section className="panel">
            <h2>{d.payments}</h2>
            <AdminTable
              rows={order.payments}
              rowKey={(p) => p.id}
              columns={[
                { label: o.outTradeNo, className: "mono", cell: (p) => p.outTradeNo },
                { label: o.channel, cell: (p) => p.channel },
                { label: o.status, cell: (p) => <StatusBadge status={p.status} label={t.paymentStatus[p.status]} /> },
                { label: o.amount, className: "num", cell: (p) => formatFen(p.amountFen) },
                { label: d.refunded, className: "num", cell: (p) => formatFen(p.refundedFen) },
                { label: o.transactionId, className: "mono", cell: (p) => p.transactionId ?? "—" },
              ]}
            />
          </section>
          <section className="panel">
            <h2>{d.refunds}</h2>
            <AdminTable
              testId="refunds"
              rows={refunds}
              rowKey={(r) => r.id}
              empty={d.noRefunds}
              columns={[
                { label: "out_refund_no", className: "mono", cell: (r) => r.outRefundNo },
                { label: o.amount, className: "num", cell: (r) => formatFen(r.amountFen) },
                {
                  label: o.status,
                  cell: (r) => (
                    <>
                      <StatusBadge status={r.status} label={t.refundStatus[r.status]} />
                      {r.failureCode ? <span className="error small"> {r.failureCode}</span> : null}
                    </>
                  ),
                },
                { label: d.reason, cell: (r) => r.reason || "—" },
                { label: d.by, className: "small", cell: (r) => r.requestedBy },
                { label: o.createdAt, className: "small", cell: (r) => formatTime(r.createdAt, locale) },
              ]}
            />
          </section>
          {user.role === "ADMIN" && refunds.some((r) => r.status === "ABNORMAL") && (
            <section className="panel" aria-label={t.abnormal.title}>
              <h2>{t.abnormal.title}</h2>
              {refunds
                .filter((r) => r.status === "ABNORMAL")
                .map((r) => (
                  <AbnormalRefundForm key={r.id} outRefundNo={r.outRefundNo} t={t.abnormal} />
                ))}
            </section>
          )}
          {refundable.length > 0 && (
            <section className="panel" aria-label={t.refund.title}>
              <h2>{t.refund.title}</h2>
              {user.role !== "ADMIN" ? (
                <p className="notice">{t.refund.viewerOnly}</p>
              ) : (
                refundable.map((p) => (
                  <RefundForm
                    key={p.id}
                    outTradeNo={p.outTradeNo}
                    remainingFen={p.amountFen - p.refundedFen}
                    t={t.refund}
                    statusLabels={t.refundStatus}
                  />
                ))
              )}
            </section>
          )}
        </div>
        <div>
          <section className="panel">
            <h2>{d.timeline}</h2>
            <TimelineList entries={timeline} t={t} locale={locale} />
          </section>
          <section className="panel" data-testid="order-events">
            <h2>{d.events}</h2>
            <AdminTable
              rows={outbox}
              rowKey={(e) => e.id}
              empty={d.noEvents}
              columns={[
                {
                  label: d.eventType,
                  cell: (e) => (
                    <Link className="mono" href={`/admin/events/${e.id}`}>
                      {e.type}
                    </Link>
                  ),
                },
                { label: o.createdAt, className: "small", cell: (e) => formatTime(e.createdAt, locale) },
                {
                  label: d.deliveries,
                  className: "small",
                  cell: (e) =>
                    e.delivered + e.pending + e.failed === 0
                      ? d.noDeliveries
                      : d.deliverySummary
                          .replace("{delivered}", String(e.delivered))
                          .replace("{pending}", String(e.pending))
                          .replace("{failed}", String(e.failed)),
                },
              ]}
            />
          </section>
        </div>
      </div>
    </main>
  );
}
