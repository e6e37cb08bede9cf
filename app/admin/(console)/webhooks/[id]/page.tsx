import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdminPage } from "@/app/_server/require-admin";
import { getMessages } from "@/app/_server/locale";
import { getAdminView } from "@/app/_server/admin-view";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors/app-error";
import { getEndpoint } from "@/lib/webhooks/endpoints/list-endpoints";
import { listEndpointDeliveries } from "@/lib/webhooks/endpoints/list-endpoint-deliveries";
import { formatTime } from "../../../_components/format";
import { ModeBadge, OtherModeNotice } from "../../../_components/mode-mark";
import { StatusBadge } from "../../../_components/status-badge";
import { EndpointState, EventBadges } from "../endpoint-state";
import styles from "../webhooks.module.css";
import { EndpointActions } from "./endpoint-actions";
import { AdminTable } from "../../../_components/admin-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhook" };

export default async function WebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireAdminPage(`/admin/webhooks/${encodeURIComponent(id)}`);
  const [{ t, locale }, db, view] = await Promise.all([getMessages("admin"), getDb(), getAdminView()]);
  const endpoint = await getEndpoint(db, id).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const deliveries = await listEndpointDeliveries(db, id);
  const w = t.webhooks;
  return (
    <main className="admin">
      <p className="small">
        <Link href="/admin/webhooks">← {w.back}</Link>
      </p>
      <h1 className={styles.url}>
        <span className="mono" style={{ fontSize: 18 }}>
          {endpoint.url}
        </span>
        <ModeBadge livemode={endpoint.livemode} t={t.mode} />
      </h1>
      <OtherModeNotice livemode={endpoint.livemode} viewLivemode={view.livemode} t={t.mode} />
      <div className="cols-2">
        <section className="panel">
          <dl className="kv">
            <dt>{w.id}</dt>
            <dd className="mono break">{endpoint.id}</dd>
            <dt>{w.status}</dt>
            <dd>
              <EndpointState e={endpoint} t={w} locale={locale} />
            </dd>
            <dt>{w.description}</dt>
            <dd className="break">{endpoint.description || "—"}</dd>
            <dt>{w.events}</dt>
            <dd>
              <EventBadges events={endpoint.events} t={w} />
            </dd>
            <dt>{w.secret}</dt>
            <dd className="mono" data-testid="secret-hint">
              {endpoint.secretHint}
            </dd>
            {endpoint.previousSecretExpiresAt && (
              <>
                <dt>{w.previousUntil}</dt>
                <dd data-testid="previous-until">{formatTime(endpoint.previousSecretExpiresAt, locale)}</dd>
              </>
            )}
            <dt>{w.lastSuccess}</dt>
            <dd>{endpoint.lastSuccessAt ? formatTime(endpoint.lastSuccessAt, locale) : w.never}</dd>
            <dt>{w.failingSince}</dt>
            <dd>{endpoint.failingSince ? formatTime(endpoint.failingSince, locale) : "—"}</dd>
            <dt>{w.createdBy}</dt>
            <dd>{endpoint.createdBy}</dd>
            <dt>{w.createdAt}</dt>
            <dd>{formatTime(endpoint.createdAt, locale)}</dd>
          </dl>
        </section>
        <section className="panel">
          <h2>{w.actions}</h2>
          {user.role === "ADMIN" ? (
            <EndpointActions id={endpoint.id} url={endpoint.url} enabled={endpoint.enabled} t={w} />
          ) : (
            <p className="muted">{w.viewerOnly}</p>
          )}
        </section>
      </div>
      <section className="panel">
        <h2>{w.deliveries}</h2>
        <AdminTable
          testId="deliveries"
          rows={deliveries}
          rowKey={(d) => d.id}
          empty={w.noDeliveries}
          rowProps={(d) => ({ "data-delivery-id": d.id, "data-event-type": d.eventType })}
          columns={[
            {
              label: w.event,
              cell: (d) => (
                <Link href={`/admin/events/${d.eventId}`} className="mono small">
                  {d.eventId}
                </Link>
              ),
            },
            { label: w.eventType, className: "small", cell: (d) => <span className="mono">{d.eventType}</span> },
            {
              label: w.deliveryStatus,
              cell: (d) => <StatusBadge status={d.status} label={w.deliveryStatuses[d.status]} />,
            },
            { label: w.attempts, className: "num", cell: (d) => d.attemptCount },
            { label: w.lastStatusCode, className: "num", cell: (d) => d.lastStatusCode ?? "—" },
            {
              label: w.nextAttempt,
              className: "small nowrap",
              cell: (d) => (d.status === "PENDING" ? formatTime(d.nextAttemptAt, locale) : "—"),
            },
            { label: w.createdAt, className: "small nowrap", cell: (d) => formatTime(d.createdAt, locale) },
          ]}
        />
      </section>
    </main>
  );
}
