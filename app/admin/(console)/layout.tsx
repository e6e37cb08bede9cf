import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth/require-admin";
import { getAdminMessages } from "@/lib/admin/i18n";
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
  const { t } = await getAdminMessages();
  return (
    <>
      {user && <AdminNav t={t.nav} email={user.email} roleLabel={t.role[user.role]} isAdmin={user.role === "ADMIN"} />}
      {children}
    </>
  );
}
