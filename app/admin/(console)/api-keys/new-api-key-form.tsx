"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { AdminMessages } from "@/lib/i18n/admin-messages";
import { adminSend } from "../../_components/admin-send";
import formStyles from "../../_components/admin-form.module.css";
import { ChoiceFieldset } from "../../_components/choice-fieldset";
import { FormFooter } from "../../_components/form-footer";
import { SecretOnce } from "../../_components/secret-once";

interface Created {
  id: string;
  name: string;
  scopes: string[];
  prefix: string;
  secret: string;
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
    const r = await adminSend<Created>("/api/v1/admin/api-keys", "POST", {
      name: form.get("name"),
      scopes: chosen,
      mode,
    });
    setBusy(false);
    if (!r.ok) return setError(`${t.failed}: ${r.message}`);
    setCreated(r.data);
    formEl.reset();
    router.refresh();
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
      <form onSubmit={submit} className={formStyles.form} style={created ? { marginTop: 16 } : undefined}>
        <label className="field">
          {t.name}
          <input name="name" required maxLength={80} autoComplete="off" placeholder={t.namePlaceholder} />
        </label>
        <ChoiceFieldset legend={t.scopes} name="scope" values={scopes} help={t.scopeHelp} />
        <FormFooter error={error} busy={busy} label={t.create} busyLabel={t.creating} />
      </form>
    </>
  );
}
