import { ForbiddenError } from "@/lib/errors/app-error";

/**
 * Refuses a state-changing request sent by another site's page. The session cookie is
 * SameSite=Lax already; this is the second lock for browsers or proxies that get that wrong.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (!origin) return; // Not a browser cross-site request (curl, server-to-server).
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (new URL(origin).host !== host) throw new ForbiddenError("Cross-site request refused");
}
