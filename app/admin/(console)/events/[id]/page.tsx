import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdminPage } from "@/lib/auth/require-admin";
import { getMessages } from "@/app/_server/locale";
import { getAdminView } from "@/lib/admin/admin-view";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors/app-error";
import { getEventDetail } from "@/lib/webhooks/endpoints/get-event-detail";
import { formatTime } from "../../../_components/format";
import { ModeBadge, OtherModeNotice } from "../../../_components/mode-mark";
import { StatusBadge } from "../../../_components/status-badge";
import styles from "../../webhooks/webhooks.module.css";
import { ResendButton } from "./resend-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Event" };

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireAdminPage(`/admin/events/${encodeURIComponent(id)}`);
  const [{ t, locale }, db, view] = await Promise.all([getMessages("admin"), getDb(), getAdminView()]);
  const { event, rendered, deliveries } = await getEventDetail(db, id, getConfig().appUrl).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const e = t.events;
  const w = t.webhooks;
  return (
    <main className="admin">
      <h1>
        {e.title}{" "}
        <span className="mono" style={{ fontSize: 18 }}>
          {event.id}
        </span>
        <ModeBadge livemode={event.livemode} t={t.mode} />
      </h1>
      <OtherModeNotice livemode={event.livemode} viewLivemode={view.livemode} t={t.mode} />
      <section className="panel">
        <dl className="kv">
          <dt>{e.type}</dt>
          <dd className="mono" data-testid="event-type">
            {event.type}
          </dd>
          <dt>{e.createdAt}</dt>
          <dd>{formatTime(event.createdAt, locale)}</dd>
          <dt>{e.fannedOutAt}</dt>
          <dd>{formatTime(event.fannedOutAt, locale)}</dd>
        </dl>
      </section>
      <section className="panel">
        <h2>{e.data}</h2>
        {rendered ? (
          <pre className={styles.json} data-testid="event-json" tabIndex={0}>
            {JSON.stringify(rendered, null, 2)}
          </pre>
        ) : (
          <p className="muted">{e.objectGone}</p>
        )}
      </section>
      <section className="panel">
        <h2>{e.deliveries}</h2>
        {deliveries.length === 0 && <p className="muted">{e.noDeliveries}</p>}
        {deliveries.map((d) => (
          <div key={d.id} className={styles.delivery} data-delivery-id={d.id}>
            <div className={styles.deliveryHead}>
              <span className={styles.url}>
                <Link href={`/admin/webhooks/${d.endpoint.id}`} className="mono small">
                  {d.endpoint.url}
                </Link>{" "}
                <StatusBadge status={d.status} label={w.deliveryStatuses[d.status]} />{" "}
                <span className="small muted">
                  {w.attempts} {d.attemptCount}
                  {d.status === "PENDING" ? ` · ${w.nextAttempt} ${formatTime(d.nextAttemptAt, locale)}` : ""}
                </span>
              </span>
              {user.role === "ADMIN" && d.endpoint.enabled && (
                <ResendButton deliveryId={d.id} t={e} failed={w.failed} />
              )}
            </div>
            {d.attempts.length === 0 ? (
              <p className="small muted">{e.noAttempts}</p>
            ) : (
              <table className="tbl stack" data-testid="attempts">
                <thead>
                  <tr>
                    <th>{e.attemptedAt}</th>
                    <th className="num">{e.statusCode}</th>
                    <th className="num">{e.latency}</th>
                    <th>{e.response}</th>
                    <th>{e.error}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.attempts.map((a) => (
                    <tr key={a.id}>
                      <td data-label={e.attemptedAt} className="small nowrap">
                        {formatTime(a.attemptedAt, locale)}
                      </td>
                      <td data-label={e.statusCode} className="num">
                        {a.statusCode ?? "—"}
                      </td>
                      <td data-label={e.latency} className="num small nowrap">
                        {a.latencyMs} ms
                      </td>
                      <td data-label={e.response}>
                        {a.responseBody ? <pre className={styles.answer}>{a.responseBody.slice(0, 1024)}</pre> : "—"}
                      </td>
                      <td data-label={e.error} className="small">
                        {a.error ?? "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        ))}
      </section>
    </main>
  );
}
