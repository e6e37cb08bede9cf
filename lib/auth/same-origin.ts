import { getConfig } from "@/lib/config";
import { ForbiddenError } from "@/lib/errors/app-error";

/** The host[:port] of an Origin header, or null for `null`, garbage and non-http(s) schemes. */
function originHost(origin: string): string | null {
  try {
    const u = new URL(origin);
    return u.protocol === "http:" || u.protocol === "https:" ? u.host : null;
  } catch {
    return null;
  }
}

/**
 * Refuses a state-changing request sent by another site's page. The session cookie is
 * SameSite=Lax already; this is the second lock for browsers or proxies that get that wrong.
 * The Origin must be the public URL's or name the Host the request was sent to (and, behind
 * trusted proxies, the forwarded host). `Origin: null` (sandboxed frames, file: pages, some
 * cross-site redirects) is refused like a foreign site.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (origin === null) return; // Not a browser cross-site request (curl, server-to-server).
  const host = originHost(origin);
  const config = getConfig();
  const allowed = [new URL(config.appUrl).host, request.headers.get("host")];
  if (config.http.trustProxyHops > 0) allowed.push(request.headers.get("x-forwarded-host"));
  if (host === null || !allowed.includes(host)) throw new ForbiddenError("Cross-site request refused");
}
