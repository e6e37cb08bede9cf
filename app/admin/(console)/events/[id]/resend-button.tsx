"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { AdminMessages } from "@/lib/i18n/admin-messages";
import { adminSend } from "../../../_components/admin-send";

/** "Resend now": the delivery becomes PENDING and due now; the engine sends it. */
export function ResendButton({
  deliveryId,
  t,
  failed,
}: {
  deliveryId: string;
  t: AdminMessages["events"];
  failed: string;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function resend() {
    setBusy(true);
    setError(null);
    const r = await adminSend(`/api/v1/admin/webhook-deliveries/${encodeURIComponent(deliveryId)}/resend`, "POST");
    setBusy(false);
    if (!r.ok) return setError(`${failed}: ${r.message}`);
    setDone(true);
    router.refresh();
  }

  return (
    <span className="actions">
      <button className="btn small" type="button" disabled={busy} onClick={() => void resend()}>
        {busy ? t.resending : t.resendNow}
      </button>
      {done && (
        <span className="small" role="status">
          {t.resent}
        </span>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
