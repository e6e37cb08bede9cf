import type { Db } from "@/lib/db/create-prisma";
import { hashPassword } from "@/lib/auth/password";
import type { AdminIdentity } from "@/lib/auth/authenticate";
import { NotFoundError } from "@/lib/errors/app-error";
import { auditRow } from "@/lib/auth/audit-row";
import { planAdminUserChange, type AdminUserChange } from "./admin-user-change";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Applies one change to an admin user and audits it, in one transaction. The enabled admins and
 * the target are locked first, so two admins demoting each other at once cannot both succeed
 * and leave nobody able to administer (the second sees one admin left and is refused).
 */
export async function changeAdminUser(db: Db, id: string, change: AdminUserChange, actor: AdminIdentity, ip?: string) {
  if (!UUID.test(id)) throw new NotFoundError("No such user");
  // Hashing takes ~0.5 s: done before the transaction, which holds row locks.
  const passwordHash = change.action === "reset-password" ? await hashPassword(change.password) : undefined;
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string; role: "ADMIN" | "VIEWER"; disabled: boolean }[]>`
      SELECT id::text, role::text AS role, disabled FROM admin_users
      WHERE (role = 'ADMIN' AND NOT disabled) OR id = ${id}::uuid
      ORDER BY id FOR UPDATE`;
    const target = locked.find((u) => u.id === id);
    if (!target) throw new NotFoundError("No such user");
    const activeAdmins = locked.filter((u) => u.role === "ADMIN" && !u.disabled).length;
    const plan = planAdminUserChange(target, change, activeAdmins);
    const user = await tx.adminUser.update({
      where: { id },
      data: {
        ...plan.update,
        ...(passwordHash ? { passwordHash } : {}),
        ...(plan.endSessions ? { sessionVersion: { increment: 1 } } : {}),
      },
      select: { id: true, email: true, name: true, role: true, disabled: true, lastLoginAt: true, createdAt: true },
    });
    await tx.auditLog.create({
      data: auditRow(actor, {
        action: plan.audit.action,
        target: { type: "admin_user", id: id },
        detail: { email: user.email, ...plan.audit.detail, ...(plan.endSessions ? { sessionsEnded: true } : {}) },
        ip: ip,
      }),
    });
    return user;
  });
}
