import type { Metadata } from "next";
import { listApiKeys } from "@/lib/api-keys/manage-api-keys";
import { API_KEY_SCOPES } from "@/lib/api-keys/scopes";
import { requireAdminPage } from "@/app/_server/require-admin";
import { getMessages } from "@/app/_server/locale";
import { getAdminView } from "@/app/_server/admin-view";
import { modeName } from "@/lib/admin/admin-mode";
import { getDb } from "@/lib/db/client";
import { formatTime } from "../../_components/format";
import styles from "./api-keys.module.css";
import { NewApiKeyForm } from "./new-api-key-form";
import { RevokeButton } from "./revoke-button";
import { AdminTable } from "../../_components/admin-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API 密钥 API keys" };

export default async function ApiKeysPage() {
  await requireAdminPage("/admin/api-keys", "ADMIN");
  const [{ t, locale }, db, { livemode }] = await Promise.all([getMessages("admin"), getDb(), getAdminView()]);
  // sk_live_ keys in the live view, sk_test_ in the test view (a handful of rows: filtered here).
  const keys = (await listApiKeys(db)).filter((k) => k.livemode === livemode);
  const k = t.apiKeys;
  return (
    <main className="admin">
      <h1>{k.title}</h1>
      <p className="muted small">{k.intro}</p>
      <section className="panel">
        <AdminTable
          testId="api-keys"
          rows={keys}
          rowKey={(x) => x.id}
          empty={k.empty}
          rowProps={(x) => ({
            "data-key-id": x.id,
            "data-state": x.revokedAt ? "revoked" : "active",
            className: x.revokedAt ? styles.revokedRow : undefined,
          })}
          columns={[
            { label: k.key, className: "mono nowrap", testId: "key-shown", cell: (x) => shownKey(x) },
            { label: k.name, className: styles.nameCell, cell: (x) => x.name },
            {
              label: k.scopes,
              cell: (x) => (
                <span className={styles.scopeList}>
                  {x.scopes.map((s) => (
                    <span key={s} className="badge mono" title={k.scopeHelp[s]}>
                      {s}
                    </span>
                  ))}
                </span>
              ),
            },
            { label: k.createdBy, className: "small nowrap", cell: (x) => x.createdBy },
            { label: k.createdAt, className: "small nowrap", cell: (x) => formatTime(x.createdAt, locale) },
            {
              label: k.lastUsed,
              className: "small nowrap",
              cell: (x) => (x.lastUsedAt ? formatTime(x.lastUsedAt, locale) : k.never),
            },
            {
              label: k.state,
              cell: (x) =>
                x.revokedAt ? (
                  <span className={styles.revokedState}>
                    <span className="badge bad">{k.revoked}</span>
                    <span className="small muted nowrap">{formatTime(x.revokedAt, locale)}</span>
                  </span>
                ) : (
                  <span className="badge ok">{k.active}</span>
                ),
            },
            {
              label: k.revoke,
              unlabelled: true,
              className: styles.revokeCell,
              cell: (x) => !x.revokedAt && <RevokeButton id={x.id} name={x.name} shown={shownKey(x)} t={k} />,
            },
          ]}
        />
      </section>
      <section className="panel">
        <h2>{k.create}</h2>
        <NewApiKeyForm t={k} scopes={API_KEY_SCOPES} mode={modeName(livemode)} />
      </section>
    </main>
  );
}

/** How a key is shown once created: its prefix and last four characters. */
function shownKey(x: { prefix: string; lastFour: string }): string {
  return `${x.prefix}…${x.lastFour}`;
}
