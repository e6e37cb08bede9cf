import type { Metadata } from "next";
import { listApiKeys } from "@/lib/api-keys/manage-api-keys";
import { API_KEY_SCOPES } from "@/lib/api-keys/scopes";
import { requireAdminPage } from "@/lib/auth/require-admin";
import { getMessages } from "@/app/_server/locale";
import { getAdminView } from "@/lib/admin/admin-view";
import { modeName } from "@/lib/admin/admin-mode";
import { getDb } from "@/lib/db/client";
import { formatTime } from "../../_components/format";
import styles from "./api-keys.module.css";
import { NewApiKeyForm } from "./new-api-key-form";
import { RevokeButton } from "./revoke-button";

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
        {keys.length === 0 ? (
          <p className="muted">{k.empty}</p>
        ) : (
          <table className="tbl stack" data-testid="api-keys">
            <thead>
              <tr>
                <th>{k.key}</th>
                <th>{k.name}</th>
                <th>{k.scopes}</th>
                <th>{k.createdBy}</th>
                <th>{k.createdAt}</th>
                <th>{k.lastUsed}</th>
                <th>{k.state}</th>
                <th aria-label={k.revoke} />
              </tr>
            </thead>
            <tbody>
              {keys.map((x) => {
                const shown = `${x.prefix}…${x.lastFour}`;
                return (
                  <tr
                    key={x.id}
                    data-key-id={x.id}
                    data-state={x.revokedAt ? "revoked" : "active"}
                    className={x.revokedAt ? styles.revokedRow : undefined}
                  >
                    <td data-label={k.key} className="mono nowrap" data-testid="key-shown">
                      {shown}
                    </td>
                    <td data-label={k.name} className={styles.nameCell}>
                      {x.name}
                    </td>
                    <td data-label={k.scopes}>
                      <span className={styles.scopeList}>
                        {x.scopes.map((s) => (
                          <span key={s} className="badge mono" title={k.scopeHelp[s]}>
                            {s}
                          </span>
                        ))}
                      </span>
                    </td>
                    <td data-label={k.createdBy} className="small nowrap">
                      {x.createdBy}
                    </td>
                    <td data-label={k.createdAt} className="small nowrap">
                      {formatTime(x.createdAt, locale)}
                    </td>
                    <td data-label={k.lastUsed} className="small nowrap">
                      {x.lastUsedAt ? formatTime(x.lastUsedAt, locale) : k.never}
                    </td>
                    <td data-label={k.state}>
                      {x.revokedAt ? (
                        <span className={styles.revokedState}>
                          <span className="badge bad">{k.revoked}</span>
                          <span className="small muted nowrap">{formatTime(x.revokedAt, locale)}</span>
                        </span>
                      ) : (
                        <span className="badge ok">{k.active}</span>
                      )}
                    </td>
                    <td data-label="" className={styles.revokeCell}>
                      {!x.revokedAt && <RevokeButton id={x.id} name={x.name} shown={shown} t={k} />}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel">
        <h2>{k.create}</h2>
        <NewApiKeyForm t={k} scopes={API_KEY_SCOPES} mode={modeName(livemode)} />
      </section>
    </main>
  );
}
