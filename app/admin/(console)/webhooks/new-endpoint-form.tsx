"use client";

import { useState } from "react";
import type { AdminMessages } from "@/lib/i18n/admin-messages";
import formStyles from "../../_components/admin-form.module.css";
import { ChoiceFieldset, ChoiceLabel } from "../../_components/choice-fieldset";
import { FormFooter } from "../../_components/form-footer";
import { SecretOnce } from "../../_components/secret-once";
import { useCreateOnce } from "../../_components/use-create-once";

interface Created {
  id: string;
  url: string;
  events: string[];
  secret: string;
}

/**
 * URL + events (+ description) → POST /api/v1/admin/webhook-endpoints in the view's mode (a test
 * endpoint receives test events only); the secret shows once.
 */
export function NewEndpointForm({
  t,
  types,
  mode,
}: {
  t: AdminMessages["webhooks"];
  types: readonly string[];
  mode: "live" | "test";
}) {
  const { created, dismiss, error, setError, busy, create } = useCreateOnce<Created>(
    "/api/v1/admin/webhook-endpoints",
    t.failed,
  );
  const [all, setAll] = useState(false);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const events = all ? ["*"] : form.getAll("event").map(String);
    if (events.length === 0) return setError(t.eventsRequired);
    const description = String(form.get("description") ?? "").trim();
    const body = { url: form.get("url"), events, mode, ...(description ? { description } : {}) };
    if (await create(e.currentTarget, body)) setAll(false);
  }

  return (
    <>
      {created && (
        <SecretOnce
          title={t.secretTitle.replace("{url}", created.url)}
          secret={created.secret}
          secretLabel={t.secret}
          labels={t}
          onDismiss={dismiss}
        />
      )}
      <form onSubmit={submit} className={formStyles.form}>
        <label className="field">
          {t.url}
          <input
            name="url"
            type="url"
            required
            maxLength={2048}
            autoComplete="off"
            placeholder={t.urlPlaceholder}
            aria-describedby="webhook-url-help"
          />
          <span id="webhook-url-help" className="small muted">
            {t.urlHelp}
          </span>
        </label>
        <label className="field">
          {t.description}
          <input name="description" maxLength={200} autoComplete="off" placeholder={t.descriptionPlaceholder} />
        </label>
        <ChoiceFieldset
          legend={t.events}
          name="event"
          values={types}
          help={t.eventHelp}
          disabled={all}
          grid
          before={
            <ChoiceLabel code={t.allEvents} help={t.allEventsHelp} plain>
              <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
            </ChoiceLabel>
          }
        />
        <FormFooter error={error} busy={busy} label={t.create} busyLabel={t.creating} />
      </form>
    </>
  );
}
