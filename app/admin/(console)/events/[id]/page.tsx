import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdminPage } from "@/app/_server/require-admin";
import { getMessages } from "@/app/_server/locale";
import { getAdminView } from "@/app/_server/admin-view";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors/app-error";
import { getEventDetail } from "@/lib/webhooks/endpoints/get-event-detail";
import { formatTime } from "../../../_components/format";
import { ModeBadge, OtherModeNotice } from "../../../_components/mode-mark";
import { StatusBadge } from "../../../_components/status-badge";
import styles from "../../webhooks/webhooks.module.css";
import { ResendButton } from "./resend-button";
import { AdminTable } from "../../../_components/admin-table";

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
            <AdminTable
              testId="attempts"
              rows={d.attempts}
              rowKey={(a) => a.id}
              empty={<p className="small muted">{e.noAttempts}</p>}
              columns={[
                { label: e.attemptedAt, className: "small nowrap", cell: (a) => formatTime(a.attemptedAt, locale) },
                { label: e.statusCode, className: "num", cell: (a) => a.statusCode ?? "—" },
                { label: e.latency, className: "num small nowrap", cell: (a) => `${a.latencyMs} ms` },
                {
                  label: e.response,
                  cell: (a) =>
                    a.responseBody ? <pre className={styles.answer}>{a.responseBody.slice(0, 1024)}</pre> : "—",
                },
                { label: e.error, className: "small", cell: (a) => a.error ?? "—" },
              ]}
            />
          </div>
        ))}
      </section>
    </main>
  );
}
