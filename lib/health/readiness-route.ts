import "server-only";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { isDraining } from "@/lib/lifecycle/shutdown-state";
import { getLogger } from "@/lib/observability/logger";
import { checkReadiness } from "./readiness";

/** GET /api/health/ready (and /api/health): 200 when ready, else 503 naming the failing checks. */
export async function readinessResponse(): Promise<Response> {
  // Shutting down: out of rotation at once, without asking the database.
  if (isDraining()) {
    return Response.json(
      { status: "unavailable", failing: ["shutdown"], checks: { shutdown: { ok: false, detail: "shutting down" } } },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
  const r = await checkReadiness({
    getConfig,
    getDb,
    onError: (check, err) => getLogger("health").warn({ check, err }, `readiness: ${check} failing`),
  });
  return Response.json(
    { status: r.ok ? "ok" : "unavailable", failing: r.failing, checks: r.checks },
    { status: r.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
