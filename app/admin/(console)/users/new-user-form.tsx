"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { AdminMessages } from "@/lib/i18n/admin-messages";

export function NewUserForm({ t, roles }: { t: AdminMessages["users"]; roles: AdminMessages["role"] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    setBusy(true);
    setError(null);
    setDone(null);
    const res = await fetch("/api/v1/admin/users", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        email: form.get("email"),
        name: form.get("name"),
        password: form.get("password"),
        role: form.get("role"),
      }),
    });
    setBusy(false);
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as {
        error?: { code: string; message: string; details?: { message: string }[] };
      } | null;
      setError(
        body?.error
          ? `${body.error.code}: ${body.error.details?.map((d) => d.message).join("; ") ?? body.error.message}`
          : `HTTP ${res.status}`,
      );
      return;
    }
    setDone(String(form.get("email")));
    formEl.reset();
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="filters">
      <label className="field">
        {t.email}
        <input name="email" type="email" required autoComplete="off" />
      </label>
      <label className="field">
        {t.name}
        <input name="name" maxLength={80} autoComplete="off" />
      </label>
      <label className="field">
        {t.password}
        <input name="password" type="password" minLength={10} required autoComplete="new-password" />
      </label>
      <label className="field">
        {t.role}
        <select name="role" defaultValue="VIEWER">
          <option value="VIEWER">{roles.VIEWER}</option>
          <option value="ADMIN">{roles.ADMIN}</option>
        </select>
      </label>
      <button className="btn small" type="submit" disabled={busy} style={{ alignSelf: "end" }}>
        {t.create}
      </button>
      {error && (
        <p className="error wide" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="wide small" role="status">
          {t.created}: {done}
        </p>
      )}
    </form>
  );
}
