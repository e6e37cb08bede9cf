import type { Db } from "@/lib/db/create-prisma";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors/app-error";
import type { AdminRole } from "@/lib/generated/prisma/enums";
import type { AdminIdentity } from "./authenticate";

/**
 * The admin a session's user stands for: a user who still exists, is not disabled, was issued
 * the session at the user's current session version and (for `role: "ADMIN"`) is an admin.
 * All of it is read from the database on each call, so disabling, demoting or "sign out
 * everywhere" (each raises the version) ends existing sessions at their next request, not when
 * the JWT expires. `sessionUser` is next-auth's `session.user` (our JWT callback puts id and sv).
 */
export async function sessionAdmin(db: Db, sessionUser: unknown, role?: AdminRole): Promise<AdminIdentity> {
  const { id: uid, sv } = (sessionUser ?? {}) as { id?: unknown; sv?: unknown };
  if (typeof uid !== "string" || typeof sv !== "number") throw new UnauthorizedError("Sign in first");
  const user = await db.adminUser.findUnique({
    where: { id: uid },
    select: { id: true, email: true, name: true, role: true, disabled: true, sessionVersion: true },
  });
  if (!user || user.disabled || user.sessionVersion !== sv) throw new UnauthorizedError("Sign in first");
  if (role === "ADMIN" && user.role !== "ADMIN") throw new ForbiddenError("This needs the admin role");
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
