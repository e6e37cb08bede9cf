import type { Metadata } from "next";
import { requireAdminPage } from "@/app/_server/require-admin";
import { listAdminUsers } from "@/lib/admin/create-admin-user";
import { getMessages } from "@/app/_server/locale";
import { getDb } from "@/lib/db/client";
import { formatTime } from "../../_components/format";
import { NewUserForm } from "./new-user-form";
import { UserActions } from "./user-actions";
import { AdminTable } from "../../_components/admin-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "账号 Users" };

export default async function UsersPage() {
  await requireAdminPage("/admin/users", "ADMIN");
  const [{ t, locale }, db] = await Promise.all([getMessages("admin"), getDb()]);
  const users = await listAdminUsers(db);
  const u = t.users;
  return (
    <main className="admin">
      <h1>{u.title}</h1>
      <section className="panel">
        <AdminTable
          testId="users"
          rows={users}
          rowKey={(x) => x.id}
          columns={[
            { label: u.email, className: "mono", cell: (x) => x.email },
            { label: u.name, cell: (x) => x.name || "—" },
            { label: u.role, cell: (x) => <span className="badge">{t.role[x.role]}</span> },
            { label: u.status, cell: (x) => <span className="badge">{x.disabled ? u.disabled : u.active}</span> },
            { label: u.lastLogin, className: "small", cell: (x) => formatTime(x.lastLoginAt, locale) },
            { label: u.actions, cell: (x) => <UserActions user={x} t={u} /> },
          ]}
        />
      </section>
      <section className="panel">
        <h2>{u.create}</h2>
        <NewUserForm t={u} roles={t.role} />
      </section>
    </main>
  );
}
