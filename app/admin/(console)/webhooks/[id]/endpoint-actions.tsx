"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { AdminMessages } from "@/lib/i18n/admin-messages";
import { adminSend } from "../../../_components/admin-send";
import { SecretOnce } from "../../../_components/secret-once";
import formStyles from "../../../_components/admin-form.module.css";
import styles from "../webhooks.module.css";

type Confirming = "rotate" | "delete" | null;

/** Enable/disable, send test, rotate (new secret shown once), resend failed, delete: ADMIN only. */
export function EndpointActions({
  id,
  url,
  enabled,
  t,
}: {
  id: string;
  url: string;
  enabled: boolean;
  t: AdminMessages["webhooks"];
}) {
  const router = useRouter();
  const base = `/api/v1/admin/webhook-endpoints/${encodeURIComponent(id)}`;
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  async function run<T>(
    name: string,
    path: string,
    method: "POST" | "PATCH" | "DELETE",
    body: unknown,
    done: (data: T) => void,
    refresh = true,
  ) {
    setBusy(name);
    setError(null);
    setMessage(null);
    const r = await adminSend<T>(`${base}${path}`, method, body);
    setBusy(null);
    setConfirming(null);
    if (!r.ok) return setError(`${t.failed}: ${r.message}`);
    done(r.data);
    if (refresh) router.refresh();
  }

  const toggle = () => run("toggle", "", "PATCH", { enabled: !enabled }, () => undefined);
  const test = () =>
    run<{ eventId: string }>("test", "/test", "POST", undefined, (d) => setMessage(`${t.testQueued}: ${d.eventId}`));
  const resend = () =>
    run<{ count: number }>("resend", "/resend-failed", "POST", undefined, (d) =>
      setMessage(t.resentCount.replace("{n}", String(d.count))),
    );
  const rotate = () =>
    run<{ secret: string }>("rotate", "/rotate-secret", "POST", undefined, (d) => setSecret(d.secret));
  const remove = () => run("delete", "", "DELETE", undefined, () => router.push("/admin/webhooks"), false);

  return (
    <div className={formStyles.form}>
      {secret && (
        <SecretOnce
          title={t.rotatedTitle.replace("{url}", url)}
          secret={secret}
          note={t.rotatedNote}
          secretLabel={t.secret}
          labels={t}
          onDismiss={() => setSecret(null)}
        />
      )}
      <div className="actions">
        <button className="btn small secondary" type="button" disabled={!!busy} onClick={() => void toggle()}>
          {busy === "toggle" ? t.working : enabled ? t.disable : t.enable}
        </button>
        <button className="btn small" type="button" disabled={!!busy || !enabled} onClick={() => void test()}>
          {busy === "test" ? t.sending : t.sendTest}
        </button>
        <button
          className="btn small secondary"
          type="button"
          disabled={!!busy || !enabled}
          onClick={() => void resend()}
        >
          {busy === "resend" ? t.working : t.resendFailed}
        </button>
        <button className="btn small secondary" type="button" disabled={!!busy} onClick={() => setConfirming("rotate")}>
          {t.rotate}
        </button>
        <button className="btn small secondary" type="button" disabled={!!busy} onClick={() => setConfirming("delete")}>
          {t.delete}
        </button>
      </div>
      {confirming && (
        <div
          className={styles.confirm}
          role="dialog"
          aria-label={confirming === "rotate" ? t.confirmRotate : t.confirmDelete}
        >
          <span>{confirming === "rotate" ? t.rotateConfirm : t.deleteConfirm.replace("{url}", url)}</span>
          <span className="actions">
            <button
              className="btn small danger"
              type="button"
              disabled={!!busy}
              onClick={() => void (confirming === "rotate" ? rotate() : remove())}
            >
              {busy
                ? confirming === "rotate"
                  ? t.rotating
                  : t.deleting
                : confirming === "rotate"
                  ? t.confirmRotate
                  : t.confirmDelete}
            </button>
            <button className="btn small secondary" type="button" disabled={!!busy} onClick={() => setConfirming(null)}>
              {t.cancel}
            </button>
          </span>
        </div>
      )}
      {message && (
        <p className="small" role="status" data-testid="action-message">
          {message}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
