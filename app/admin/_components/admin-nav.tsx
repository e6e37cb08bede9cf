"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import type { AdminMessages } from "@/lib/i18n/admin-messages";

interface Props {
  t: AdminMessages["nav"];
  email: string;
  roleLabel: string;
  isAdmin: boolean;
  /** The live/test switch; it is a form post, so it works before JavaScript loads. */
  mode: { livemode: boolean; switchable: boolean; t: AdminMessages["mode"] };
}

/** Ends every session of this user (other browsers at their next request), then this one. */
async function signOutEverywhere() {
  await fetch("/api/v1/admin/me/sign-out-everywhere", { method: "POST" });
  await signOut({ callbackUrl: "/admin/sign-in" });
}

export function AdminNav({ t, email, roleLabel, isAdmin, mode }: Props) {
  // Typed nullable once a pages/ folder exists (the status stream's API route); never null in app/.
  const path = usePathname() ?? "";
  const links = [
    { href: "/admin", label: t.dashboard },
    { href: "/admin/orders", label: t.orders },
    { href: "/admin/products", label: t.products },
    { href: "/admin/reconciliation", label: t.reconciliation },
    { href: "/admin/webhooks", label: t.webhooks },
    { href: "/admin/audit", label: t.audit },
    ...(isAdmin ? [{ href: "/admin/users", label: t.users }] : []),
    ...(isAdmin ? [{ href: "/admin/api-keys", label: t.apiKeys }] : []),
  ];
  const current = (href: string) => (href === "/admin" ? path === "/admin" : path.startsWith(href));
  return (
    <nav className="admin-nav" aria-label="admin">
      <div className="admin-nav-inner">
        {links.map((l) => (
          <Link key={l.href} href={l.href} aria-current={current(l.href) ? "page" : undefined}>
            {l.label}
          </Link>
        ))}
        <span className="who">
          {mode.switchable ? (
            <form action="/api/v1/admin/mode" method="post" className="mode-switch" data-testid="mode-switch">
              <span className={mode.livemode ? "badge" : "badge test"}>
                {mode.livemode ? mode.t.live : mode.t.test}
              </span>
              <input type="hidden" name="mode" value={mode.livemode ? "test" : "live"} />
              <button className="linkish" type="submit">
                {mode.livemode ? mode.t.toTest : mode.t.toLive}
              </button>
            </form>
          ) : (
            // Demo mode: test data only, so the mode is shown and there is nothing to switch.
            <span className={mode.livemode ? "badge" : "badge test"} data-testid="mode-fixed">
              {mode.livemode ? mode.t.live : mode.t.testOnly}
            </span>
          )}
          <span className="mono">{email}</span>
          <span className="badge">{roleLabel}</span>
          <button className="linkish" type="button" onClick={() => void signOut({ callbackUrl: "/admin/sign-in" })}>
            {t.signOut}
          </button>
          <button className="linkish" type="button" onClick={() => void signOutEverywhere()}>
            {t.signOutEverywhere}
          </button>
        </span>
      </div>
    </nav>
  );
}
