import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdminPage } from "@/lib/auth/require-admin";
import { getMessages } from "@/app/_server/locale";
import { getAdminView } from "@/lib/admin/admin-view";
import { getOrderDetail } from "@/lib/admin/order-detail";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors/app-error";
import { formatFen, formatTime } from "../../../_components/format";
import { StatusBadge } from "../../../_components/status-badge";
import { ModeBadge, OtherModeNotice } from "../../../_components/mode-mark";
import { TimelineList } from "../../../_components/timeline-list";
import { AbnormalRefundForm } from "./abnormal-refund-form";
import { RefundForm } from "./refund-form";

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
            <table className="tbl stack">
              <thead>
                <tr>
                  <th>{o.outTradeNo}</th>
                  <th>{o.channel}</th>
                  <th>{o.status}</th>
                  <th className="num">{o.amount}</th>
                  <th className="num">{d.refunded}</th>
                  <th>{o.transactionId}</th>
                </tr>
              </thead>
              <tbody>
                {order.payments.map((p) => (
                  <tr key={p.id}>
                    <td data-label={o.outTradeNo} className="mono">
                      {p.outTradeNo}
                    </td>
                    <td data-label={o.channel}>{p.channel}</td>
                    <td data-label={o.status}>
                      <StatusBadge status={p.status} label={t.paymentStatus[p.status]} />
                    </td>
                    <td data-label={o.amount} className="num">
                      {formatFen(p.amountFen)}
                    </td>
                    <td data-label={d.refunded} className="num">
                      {formatFen(p.refundedFen)}
                    </td>
                    <td data-label={o.transactionId} className="mono">
                      {p.transactionId ?? "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel">
            <h2>{d.refunds}</h2>
            {refunds.length === 0 ? (
              <p className="muted">{d.noRefunds}</p>
            ) : (
              <table className="tbl stack" data-testid="refunds">
                <thead>
                  <tr>
                    <th>out_refund_no</th>
                    <th className="num">{o.amount}</th>
                    <th>{o.status}</th>
                    <th>{d.reason}</th>
                    <th>{d.by}</th>
                    <th>{o.createdAt}</th>
                  </tr>
                </thead>
                <tbody>
                  {refunds.map((r) => (
                    <tr key={r.id}>
                      <td data-label="out_refund_no" className="mono">
                        {r.outRefundNo}
                      </td>
                      <td data-label={o.amount} className="num">
                        {formatFen(r.amountFen)}
                      </td>
                      <td data-label={o.status}>
                        <StatusBadge status={r.status} label={t.refundStatus[r.status]} />
                        {r.failureCode ? <span className="error small"> {r.failureCode}</span> : null}
                      </td>
                      <td data-label={d.reason}>{r.reason || "—"}</td>
                      <td data-label={d.by} className="small">
                        {r.requestedBy}
                      </td>
                      <td data-label={o.createdAt} className="small">
                        {formatTime(r.createdAt, locale)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
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
            {outbox.length === 0 ? (
              <p className="muted">{d.noEvents}</p>
            ) : (
              <table className="tbl stack">
                <thead>
                  <tr>
                    <th>{d.eventType}</th>
                    <th>{o.createdAt}</th>
                    <th>{d.deliveries}</th>
                  </tr>
                </thead>
                <tbody>
                  {outbox.map((e) => (
                    <tr key={e.id}>
                      <td data-label={d.eventType}>
                        <Link className="mono" href={`/admin/events/${e.id}`}>
                          {e.type}
                        </Link>
                      </td>
                      <td data-label={o.createdAt} className="small">
                        {formatTime(e.createdAt, locale)}
                      </td>
                      <td data-label={d.deliveries} className="small">
                        {e.delivered + e.pending + e.failed === 0
                          ? d.noDeliveries
                          : d.deliverySummary
                              .replace("{delivered}", String(e.delivered))
                              .replace("{pending}", String(e.pending))
                              .replace("{failed}", String(e.failed))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      </div>
    </main>
  );
}
