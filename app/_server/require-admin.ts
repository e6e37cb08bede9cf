import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import type { AdminRole } from "@/lib/generated/prisma/enums";
import { getDb } from "@/lib/db/client";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors/app-error";
import { authOptions } from "@/lib/auth/auth-options";
import type { AdminIdentity } from "@/lib/auth/authenticate";
import { sessionAdmin } from "@/lib/auth/session-admin";

// The Next.js side of the admin gate (next-auth's session from this request's cookies, and
// redirect() for pages); the rules themselves are lib/auth/session-admin.ts.

/** The server-side gate for every admin route and page: the signed-in admin, or 401/403. */
export async function requireAdmin(role?: AdminRole): Promise<AdminIdentity> {
  const session = await getServerSession(authOptions);
  return sessionAdmin(await getDb(), session?.user, role);
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
