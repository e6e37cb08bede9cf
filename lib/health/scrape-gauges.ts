import type { Db } from "@/lib/db/create-prisma";
import { getMetrics } from "@/lib/observability/metrics";

/**
 * Gauges read from the database when Prometheus scrapes (not on any request path): the webhook
 * backlog. One indexed statement, `timeoutMs` at most; on failure the gauges keep their last value
 * and the error is thrown for the caller to log (the scrape still answers).
 */
export async function refreshScrapeGauges(getDb: () => Promise<Db>, timeoutMs = 1000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const query = getDb().then(
    (db) => db.$queryRaw<{ n: number; age: number | null }[]>`
      SELECT count(*)::int AS n, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS age
      FROM webhook_deliveries WHERE status = 'PENDING'`,
  );
  const rows = await Promise.race([
    query,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`webhook backlog: no answer within ${timeoutMs} ms`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  const m = getMetrics();
  m.webhookBacklog.set(rows[0]?.n ?? 0);
  m.webhookBacklogAge.set(Math.max(0, rows[0]?.age ?? 0));
}
