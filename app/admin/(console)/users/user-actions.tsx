"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { AdminMessages } from "@/lib/i18n/admin-messages";
import type { AdminUserChange } from "@/lib/admin/admin-user-change";

interface Props {
  user: { id: string; email: string; role: "ADMIN" | "VIEWER"; disabled: boolean };
  t: AdminMessages["users"];
}

/** One user's row actions: each sends one PATCH; the server refuses leaving no enabled admin. */
export function UserActions({ user, t }: Props) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  async function send(change: AdminUserChange, form?: HTMLFormElement) {
    setBusy(true);
    setMessage(null);
    try {
      const res = await fetch(`/api/v1/admin/users/${encodeURIComponent(user.id)}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(change),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as {
          error?: { message: string; details?: { message: string }[] };
        } | null;
        const why = body?.error?.details?.map((d) => d.message).join("; ") ?? body?.error?.message;
        setMessage({ error: true, text: `${t.failed}: ${why ?? `HTTP ${res.status}`}` });
        return;
      }
      form?.reset();
      setMessage({ error: false, text: t.done });
      // Ending one's own sessions (or demoting oneself) signs this browser out too.
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  function resetPassword(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    void send({ action: "reset-password", password: String(new FormData(form).get("password")) }, form);
  }

  return (
    <div className="actions" aria-label={`${t.actions}: ${user.email}`} role="group">
      <button
        className="btn small secondary"
        type="button"
        disabled={busy}
        onClick={() => void send({ action: user.disabled ? "enable" : "disable" })}
      >
        {user.disabled ? t.enable : t.disable}
      </button>
      <button
        className="btn small secondary"
        type="button"
        disabled={busy}
        onClick={() => void send({ action: "set-role", role: user.role === "ADMIN" ? "VIEWER" : "ADMIN" })}
      >
        {user.role === "ADMIN" ? t.makeViewer : t.makeAdmin}
      </button>
      <button
        className="btn small secondary"
        type="button"
        disabled={busy}
        onClick={() => void send({ action: "sign-out-everywhere" })}
      >
        {t.signOutEverywhere}
      </button>
      <form onSubmit={resetPassword} className="actions">
        <input
          name="password"
          type="password"
          minLength={10}
          maxLength={200}
          required
          autoComplete="new-password"
          placeholder={t.newPassword}
          aria-label={`${t.newPassword}: ${user.email}`}
        />
        <button className="btn small secondary" type="submit" disabled={busy}>
          {t.resetPassword}
        </button>
      </form>
      {message && (
        <span className={message.error ? "error" : "small"} role={message.error ? "alert" : "status"}>
          {message.text}
        </span>
      )}
    </div>
  );
}
