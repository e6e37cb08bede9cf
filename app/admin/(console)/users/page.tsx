import type { Metadata } from "next";
import { requireAdminPage } from "@/lib/auth/require-admin";
import { listAdminUsers } from "@/lib/admin/create-admin-user";
import { getMessages } from "@/app/_server/locale";
import { getDb } from "@/lib/db/client";
import { formatTime } from "../../_components/format";
import { NewUserForm } from "./new-user-form";
import { UserActions } from "./user-actions";

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
        <table className="tbl stack" data-testid="users">
          <thead>
            <tr>
              <th>{u.email}</th>
              <th>{u.name}</th>
              <th>{u.role}</th>
              <th>{u.status}</th>
              <th>{u.lastLogin}</th>
              <th>{u.actions}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((x) => (
              <tr key={x.id}>
                <td data-label={u.email} className="mono">
                  {x.email}
                </td>
                <td data-label={u.name}>{x.name || "—"}</td>
                <td data-label={u.role}>
                  <span className="badge">{t.role[x.role]}</span>
                </td>
                <td data-label={u.status}>
                  <span className="badge">{x.disabled ? u.disabled : u.active}</span>
                </td>
                <td data-label={u.lastLogin} className="small">
                  {formatTime(x.lastLoginAt, locale)}
                </td>
                <td data-label={u.actions}>
                  <UserActions user={x} t={u} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h2>{u.create}</h2>
        <NewUserForm t={u} roles={t.role} />
      </section>
    </main>
  );
}
