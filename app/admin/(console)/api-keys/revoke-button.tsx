"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { AdminMessages } from "@/lib/i18n/admin-messages";
import styles from "./api-keys.module.css";

/** Revoke with a confirmation step; the key's next request is refused (401). */
export function RevokeButton({
  id,
  name,
  shown,
  t,
}: {
  id: string;
  name: string;
  shown: string;
  t: AdminMessages["apiKeys"];
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function revoke() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/v1/admin/api-keys/${encodeURIComponent(id)}`, { method: "DELETE" });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
        setError(`${t.failed}: ${body?.error?.message ?? `HTTP ${res.status}`}`);
        return;
      }
      setConfirming(false);
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  if (!confirming) {
    return (
      <button className="btn small secondary" type="button" onClick={() => setConfirming(true)}>
        {t.revoke}
      </button>
    );
  }
  return (
    <div className={styles.confirm} role="dialog" aria-label={t.confirmRevoke}>
      <span>
        {t.revokeConfirm
          .replace("{name}", name)
          .split("{key}")
          .flatMap((part, i) =>
            i === 0
              ? [part]
              : [
                  <code key={i} className={styles.code}>
                    {shown}
                  </code>,
                  part,
                ],
          )}
      </span>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
      <span className="actions">
        <button className="btn small danger" type="button" disabled={busy} onClick={() => void revoke()}>
          {busy ? t.revoking : t.confirmRevoke}
        </button>
        <button className="btn small secondary" type="button" disabled={busy} onClick={() => setConfirming(false)}>
          {t.cancel}
        </button>
      </span>
    </div>
  );
}
