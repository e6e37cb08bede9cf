import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import type { AdminRole } from "@/lib/generated/prisma/enums";
import { getDb } from "@/lib/db/client";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors/app-error";
import { authOptions } from "@/lib/auth/auth-options";
import type { AdminIdentity } from "@/lib/auth/authenticate";

/**
 * The server-side gate for every admin page and route: a valid session whose user still exists,
 * is not disabled, was issued at the user's current session version and (for `role: "ADMIN"`) is
 * an admin. All of it is read from the database on each call, so disabling, demoting or "sign
 * out everywhere" (each raises the version) ends existing sessions at their next request, not
 * when the JWT expires.
 */
export async function requireAdmin(role?: AdminRole): Promise<AdminIdentity> {
  const session = await getServerSession(authOptions);
  const { id: uid, sv } = (session?.user ?? {}) as { id?: unknown; sv?: unknown };
  if (typeof uid !== "string" || typeof sv !== "number") throw new UnauthorizedError("Sign in first");
  const db = await getDb();
  const user = await db.adminUser.findUnique({
    where: { id: uid },
    select: { id: true, email: true, name: true, role: true, disabled: true, sessionVersion: true },
  });
  if (!user || user.disabled || user.sessionVersion !== sv) throw new UnauthorizedError("Sign in first");
  if (role === "ADMIN" && user.role !== "ADMIN") throw new ForbiddenError("This needs the admin role");
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** For pages: signed out → the sign-in page (back here afterwards); wrong role → the dashboard. */
export async function requireAdminPage(path: string, role?: AdminRole): Promise<AdminIdentity> {
  try {
    return await requireAdmin(role);
  } catch (err) {
    if (err instanceof UnauthorizedError) redirect(`/admin/sign-in?callbackUrl=${encodeURIComponent(path)}`);
    if (err instanceof ForbiddenError) redirect("/admin?denied=1");
    throw err;
  }
}
