"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { adminSend } from "./admin-send";

/**
 * A console form that creates something whose answer is shown once (an API key's or a webhook
 * endpoint's secret): the answer lives only in this state, gone on reload. `create` POSTs the
 * body; on success the form is cleared and the page's list refreshed.
 */
export function useCreateOnce<T>(url: string, failedLabel: string) {
  const router = useRouter();
  const [created, setCreated] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(form: HTMLFormElement, body: unknown): Promise<boolean> {
    setBusy(true);
    setError(null);
    const r = await adminSend<T>(url, "POST", body);
    setBusy(false);
    if (!r.ok) {
      setError(`${failedLabel}: ${r.message}`);
      return false;
    }
    setCreated(r.data);
    form.reset();
    router.refresh();
    return true;
  }

  return { created, dismiss: () => setCreated(null), error, setError, busy, create };
}
