"use client";

import type { AdminMessages } from "@/lib/i18n/admin-messages";
import formStyles from "../../_components/admin-form.module.css";
import { ChoiceFieldset } from "../../_components/choice-fieldset";
import { FormFooter } from "../../_components/form-footer";
import { SecretOnce } from "../../_components/secret-once";
import { useCreateOnce } from "../../_components/use-create-once";

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
  const { created, dismiss, error, setError, busy, create } = useCreateOnce<Created>(
    "/api/v1/admin/api-keys",
    t.failed,
  );

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const chosen = form.getAll("scope").map(String);
    if (chosen.length === 0) return setError(t.scopesRequired);
    await create(e.currentTarget, { name: form.get("name"), scopes: chosen, mode });
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
          onDismiss={dismiss}
        />
      )}
      <form onSubmit={submit} className={formStyles.form}>
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
