import type { Metadata } from "next";
import Link from "next/link";
import { requireAdminPage } from "@/lib/auth/require-admin";
import { getMessages } from "@/app/_server/locale";
import { getAdminView } from "@/lib/admin/admin-view";
import { modeName } from "@/lib/admin/admin-mode";
import { getDb } from "@/lib/db/client";
import { SUBSCRIBABLE_EVENT_TYPES } from "@/lib/webhooks/endpoints/endpoint-input";
import { listEndpoints } from "@/lib/webhooks/endpoints/list-endpoints";
import { formatTime } from "../../_components/format";
import { EndpointState, EventBadges } from "./endpoint-state";
import { NewEndpointForm } from "./new-endpoint-form";
import styles from "./webhooks.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhook" };

export default async function WebhooksPage() {
  const user = await requireAdminPage("/admin/webhooks");
  const [{ t, locale }, db, { livemode }] = await Promise.all([getMessages("admin"), getDb(), getAdminView()]);
  const endpoints = await listEndpoints(db, { livemode });
  const w = t.webhooks;
  return (
    <main className="admin">
      <h1>{w.title}</h1>
      <p className="muted small">{w.intro}</p>
      <section className="panel">
        {endpoints.length === 0 ? (
          <p className="muted">{w.empty}</p>
        ) : (
          <table className="tbl stack" data-testid="webhook-endpoints">
            <thead>
              <tr>
                <th>{w.url}</th>
                <th>{w.events}</th>
                <th>{w.status}</th>
                <th>{w.failingSince}</th>
                <th>{w.lastSuccess}</th>
                <th>{w.secret}</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((e) => (
                <tr key={e.id} data-endpoint-id={e.id}>
                  <td data-label={w.url} className={styles.url}>
                    <Link href={`/admin/webhooks/${e.id}`} className="mono">
                      {e.url}
                    </Link>
                    {e.description && <div className="small muted">{e.description}</div>}
                  </td>
                  <td data-label={w.events}>
                    <EventBadges events={e.events} t={w} />
                  </td>
                  <td data-label={w.status}>
                    <EndpointState e={e} t={w} locale={locale} />
                  </td>
                  <td data-label={w.failingSince} className="small nowrap">
                    {e.failingSince ? formatTime(e.failingSince, locale) : "—"}
                  </td>
                  <td data-label={w.lastSuccess} className="small nowrap">
                    {e.lastSuccessAt ? formatTime(e.lastSuccessAt, locale) : w.never}
                  </td>
                  <td data-label={w.secret} className="small nowrap">
                    <span className="mono" data-testid="secret-hint">
                      {e.secretHint}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel">
        <h2>{w.create}</h2>
        {user.role === "ADMIN" ? (
          <NewEndpointForm t={w} types={SUBSCRIBABLE_EVENT_TYPES} mode={modeName(livemode)} />
        ) : (
          <p className="muted">{w.viewerOnly}</p>
        )}
      </section>
    </main>
  );
}
