"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { AdminMessages } from "@/lib/i18n/admin-messages";

/** "Run now" for a bill date of the view's mode; the new report appears in the list below when it finishes. */
export function RunReconciliation({
  defaultDate,
  mode,
  t,
}: {
  defaultDate: string;
  mode: "live" | "test";
  t: AdminMessages["recon"];
}) {
  const router = useRouter();
  const [date, setDate] = useState(defaultDate);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/v1/admin/reconciliation", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ billDate: date, mode }),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
        throw new Error(body?.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`);
      }
      router.refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={run} className="actions">
      <label className="field">
        {t.runFor}
        <input type="date" name="billDate" value={date} required onChange={(e) => setDate(e.target.value)} />
      </label>
      <button className="btn small" type="submit" disabled={busy} style={{ alignSelf: "flex-end" }}>
        {busy ? t.running : t.run}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
