"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { SecretOnce } from "../../_components/secret-once";
import type { AdminMessages } from "@/lib/i18n/admin-messages";
import styles from "./api-keys.module.css";

interface Created {
  id: string;
  name: string;
  scopes: string[];
  prefix: string;
  secret: string;
}

interface ErrorBody {
  error?: { code: string; message: string; details?: { message: string }[] };
}

/**
 * Name + scopes → POST /api/v1/admin/api-keys, in the view's mode. The secret lives only in this component's state:
 * shown once with a copy button, gone on reload (the list shows prefix…last four).
 */
export function NewApiKeyForm({
  t,
  scopes,
  mode,
}: {
  t: AdminMessages["apiKeys"];
  scopes: readonly string[];
  /** The view's mode: an sk_live_ or sk_test_ key. */
  mode: "live" | "test";
}) {
  const router = useRouter();
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const chosen = form.getAll("scope").map(String);
    if (chosen.length === 0) return setError(t.scopesRequired);
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/v1/admin/api-keys", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: form.get("name"), scopes: chosen, mode }),
      });
      const body = (await res.json().catch(() => null)) as (Created & ErrorBody) | null;
      if (res.status !== 201 || !body?.secret) {
        const err = body?.error;
        setError(
          err ? `${t.failed}: ${err.details?.map((d) => d.message).join("; ") ?? err.message}` : `HTTP ${res.status}`,
        );
        return;
      }
      setCreated(body);
      formEl.reset();
      router.refresh();
    } catch (err) {
      setError(`${t.failed}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {created && (
        <SecretOnce
          title={t.secretTitle.replace("{name}", created.name)}
          secret={created.secret}
          secretLabel={t.key}
          labels={t}
          footer={<span className="small muted">{created.scopes.join(", ")}</span>}
          onDismiss={() => setCreated(null)}
        />
      )}
      <form onSubmit={submit} className={styles.form} style={created ? { marginTop: 16 } : undefined}>
        <label className="field">
          {t.name}
          <input name="name" required maxLength={80} autoComplete="off" placeholder={t.namePlaceholder} />
        </label>
        <fieldset className={styles.scopes}>
          <legend>{t.scopes}</legend>
          {scopes.map((s) => (
            <label key={s} className={styles.scope}>
              <input type="checkbox" name="scope" value={s} />
              <span className={styles.code}>{s}</span>
              <span className="small muted">{t.scopeHelp[s]}</span>
            </label>
          ))}
        </fieldset>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div>
          <button className="btn small" type="submit" disabled={busy}>
            {busy ? t.creating : t.create}
          </button>
        </div>
      </form>
    </>
  );
}
