import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { getLogger } from "@/lib/observability/logger";
import { metricsAccess } from "@/lib/observability/metrics-auth";
import { getMetrics } from "@/lib/observability/metrics";
import { refreshScrapeGauges } from "@/lib/health/scrape-gauges";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Prometheus text for this instance (each instance is scraped on its own); docs/operations.md. */
export const GET = handle(async (request: Request) => {
  const { metricsToken, metricsEnabled } = getConfig().observability;
  const access = metricsAccess(request.headers.get("authorization"), metricsEnabled ? metricsToken : undefined);
  if (access === "disabled") return new Response("Not Found", { status: 404 });
  if (access === "unauthorized") {
    return new Response("Unauthorized", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
  try {
    await refreshScrapeGauges(getDb);
  } catch (err) {
    getLogger("metrics").warn({ err }, "metrics: webhook backlog not refreshed");
  }
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
});
