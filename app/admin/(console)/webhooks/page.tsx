import type { Metadata } from "next";
import Link from "next/link";
import { requireAdminPage } from "@/app/_server/require-admin";
import { getMessages } from "@/app/_server/locale";
import { getAdminView } from "@/app/_server/admin-view";
import { modeName } from "@/lib/admin/admin-mode";
import { getDb } from "@/lib/db/client";
import { SUBSCRIBABLE_EVENT_TYPES } from "@/lib/webhooks/endpoints/endpoint-input";
import { listEndpoints } from "@/lib/webhooks/endpoints/list-endpoints";
import { formatTime } from "../../_components/format";
import { EndpointState, EventBadges } from "./endpoint-state";
import { NewEndpointForm } from "./new-endpoint-form";
import styles from "./webhooks.module.css";
import { AdminTable } from "../../_components/admin-table";

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
        <AdminTable
          testId="webhook-endpoints"
          rows={endpoints}
          rowKey={(e) => e.id}
          empty={w.empty}
          rowProps={(e) => ({ "data-endpoint-id": e.id })}
          columns={[
            {
              label: w.url,
              className: styles.url,
              cell: (e) => (
                <>
                  <Link href={`/admin/webhooks/${e.id}`} className="mono">
                    {e.url}
                  </Link>
                  {e.description && <div className="small muted">{e.description}</div>}
                </>
              ),
            },
            { label: w.events, cell: (e) => <EventBadges events={e.events} t={w} /> },
            { label: w.status, cell: (e) => <EndpointState e={e} t={w} locale={locale} /> },
            {
              label: w.failingSince,
              className: "small nowrap",
              cell: (e) => (e.failingSince ? formatTime(e.failingSince, locale) : "—"),
            },
            {
              label: w.lastSuccess,
              className: "small nowrap",
              cell: (e) => (e.lastSuccessAt ? formatTime(e.lastSuccessAt, locale) : w.never),
            },
            {
              label: w.secret,
              className: "small nowrap",
              cell: (e) => (
                <span className="mono" data-testid="secret-hint">
                  {e.secretHint}
                </span>
              ),
            },
          ]}
        />
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
