"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import type { AdminMessages } from "@/lib/i18n/admin-messages";

function message(t: AdminMessages["signIn"], code: string | undefined): string | null {
  if (!code) return null;
  if (code === "RATE_LIMITED") return t.rateLimited;
  if (code === "CredentialsSignin") return t.failed;
  return t.error;
}

export function SignInForm({
  callbackUrl,
  t,
  initialError,
}: {
  callbackUrl: string;
  t: AdminMessages["signIn"];
  initialError?: string;
}) {
  const [error, setError] = useState<string | null>(message(t, initialError));
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (res?.ok && !res.error) {
      // A full navigation, so every server component renders with the new session cookie.
      window.location.assign(callbackUrl);
      return;
    }
    setBusy(false);
    setError(message(t, res?.error ?? "unknown"));
  }

  return (
    <form onSubmit={onSubmit} className="actions" style={{ flexDirection: "column", alignItems: "stretch" }}>
      <label className="field">
        {t.email}
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label className="field">
        {t.password}
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="btn" type="submit" disabled={busy}>
        {busy ? t.busy : t.submit}
      </button>
    </form>
  );
}
