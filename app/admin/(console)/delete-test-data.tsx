"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { AdminMessages } from "@/lib/i18n/admin-messages";
import { adminSend } from "../_components/admin-send";

interface Deleted {
  deleted: { orders: number; payments: number; refunds: number; events: number };
}

/** "Delete all test data" with a confirmation step → DELETE /api/v1/admin/test-data. */
export function DeleteTestData({ t }: { t: AdminMessages["testData"] }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function run() {
    setBusy(true);
    const r = await adminSend<Deleted>("/api/v1/admin/test-data", "DELETE");
    setBusy(false);
    setConfirming(false);
    if (!r.ok) return setResult({ ok: false, text: `${t.failed}: ${r.message}` });
    const d = r.data.deleted;
    setResult({
      ok: true,
      text: t.done
        .replace("{orders}", String(d.orders))
        .replace("{payments}", String(d.payments))
        .replace("{refunds}", String(d.refunds))
        .replace("{events}", String(d.events)),
    });
    router.refresh();
  }

  return (
    <div className="actions">
      {confirming ? (
        <div role="group" aria-label={t.title} className="actions">
          <span>{t.confirm}</span>
          <button className="btn small danger" type="button" disabled={busy} onClick={() => void run()}>
            {busy ? t.deleting : t.confirmDelete}
          </button>
          <button className="btn small secondary" type="button" disabled={busy} onClick={() => setConfirming(false)}>
            {t.cancel}
          </button>
        </div>
      ) : (
        <button className="btn small danger" type="button" onClick={() => setConfirming(true)}>
          {t.delete}
        </button>
      )}
      {result && (
        <p className={result.ok ? "small" : "error"} role={result.ok ? "status" : "alert"} data-testid="delete-result">
          {result.text}
        </p>
      )}
    </div>
  );
}
