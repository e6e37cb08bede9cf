import { createHash, timingSafeEqual } from "node:crypto";

type MetricsAccess = "disabled" | "unauthorized" | "ok";

/**
 * GET /api/metrics wants `Authorization: Bearer $METRICS_TOKEN`. No token configured: the
 * endpoint does not exist (404). The comparison is in constant time (both sides hashed first, so
 * neither the token's length nor a prefix leaks).
 */
export function metricsAccess(authorization: string | null, token: string | undefined): MetricsAccess {
  if (!token) return "disabled";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  const given = createHash("sha256")
    .update(match?.[1] ?? "")
    .digest();
  const wanted = createHash("sha256").update(token).digest();
  return timingSafeEqual(given, wanted) && match ? "ok" : "unauthorized";
}
