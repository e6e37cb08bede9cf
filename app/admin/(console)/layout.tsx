import type { Metadata } from "next";
import { requireAdmin } from "@/app/_server/require-admin";
import { getMessages } from "@/app/_server/locale";
import { getAdminView } from "@/app/_server/admin-view";
import { AdminNav } from "../_components/admin-nav";
import "../admin.css";

export const metadata: Metadata = {
  title: { default: "管理后台 · Admin", template: "%s · 管理后台" },
  robots: { index: false },
};

/**
 * The console's frame. It does not gate access (a layout is not re-run on every navigation):
 * each page calls requireAdminPage itself. Without a session it renders no navigation.
 */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireAdmin().catch(() => null);
  const [{ t }, view] = await Promise.all([getMessages("admin"), getAdminView()]);
  return (
    <>
      {user && (
        <AdminNav
          t={t.nav}
          email={user.email}
          roleLabel={t.role[user.role]}
          isAdmin={user.role === "ADMIN"}
          mode={{ ...view, t: t.mode }}
        />
      )}
      {user && !view.livemode && (
        // Stripe's orange bar: no list, count or export below is live data. A labelled region,
        // since every part of the page sits in a landmark.
        <section className="test-bar" aria-label={t.mode.barLabel} data-testid="test-bar">
          <strong>{t.mode.testBadge}</strong> {t.mode.bar}
        </section>
      )}
      {children}
    </>
  );
}
