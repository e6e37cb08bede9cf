import type { SqlRunner } from "@/lib/db/hot-sql";

// An endpoint's health after a batch of attempts, one statement for every endpoint in the batch:
// a success clears failing_since and moves last_success_at; a failure starts failing_since if
// it is not running yet; 410 Gone disables the endpoint (GONE); so does failing without a
// success since the cutoff (FAILING, 5 days scaled). The rows are locked in id order so two
// instances updating the same endpoints cannot deadlock. A disabled endpoint's PENDING
// deliveries become FAILED at once: the admin resends them once it is fixed, and the claim
// query does not wade through a backlog it will never send.

const HEALTH_SQL = `
WITH u AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id text, succeeded_at timestamptz, failed_at timestamptz, gone boolean)
), cur AS (
  SELECT e.id, u.succeeded_at, u.gone,
    CASE WHEN u.succeeded_at IS NOT NULL THEN NULL ELSE COALESCE(e.failing_since, u.failed_at) END AS failing_since,
    e.enabled AND (u.gone OR (u.succeeded_at IS NULL AND COALESCE(e.failing_since, u.failed_at) <= $2::timestamptz))
      AS disable
  FROM webhook_endpoints e JOIN u ON u.id = e.id
  ORDER BY e.id
  FOR UPDATE OF e
), upd AS (
UPDATE webhook_endpoints e SET
  last_success_at = GREATEST(cur.succeeded_at, e.last_success_at),
  failing_since = cur.failing_since,
  enabled = e.enabled AND NOT cur.disable,
  disabled_reason = CASE WHEN cur.disable THEN CASE WHEN cur.gone THEN 'GONE' ELSE 'FAILING' END ELSE e.disabled_reason END,
  disabled_at = CASE WHEN cur.disable THEN $3::timestamptz ELSE e.disabled_at END,
  updated_at = CASE WHEN cur.disable THEN $3::timestamptz ELSE e.updated_at END
FROM cur
WHERE e.id = cur.id
RETURNING e.id, cur.disable AS disabled, e.disabled_reason
), failed AS (
  UPDATE webhook_deliveries d SET status = 'FAILED'
  FROM upd WHERE upd.disabled AND d.endpoint_id = upd.id AND d.status = 'PENDING'
  RETURNING 1
)
SELECT id, disabled, disabled_reason FROM upd`;

interface EndpointOutcome {
  endpointId: string;
  /** Latest success in the batch, if any (a success outweighs failures in the same batch). */
  succeededAt: Date | null;
  /** Earliest failure in the batch, if any. */
  failedAt: Date | null;
  gone: boolean;
}

export interface DisabledEndpoint {
  endpointId: string;
  reason: "GONE" | "FAILING";
}

/** Applies the batch; returns the endpoints it just disabled. */
export async function updateEndpointHealth(
  sql: SqlRunner,
  outcomes: EndpointOutcome[],
  o: { now: Date; failingCutoff: Date },
): Promise<DisabledEndpoint[]> {
  if (outcomes.length === 0) return [];
  const json = JSON.stringify(
    outcomes.map((x) => ({
      id: x.endpointId,
      succeeded_at: x.succeededAt?.toISOString() ?? null,
      failed_at: x.failedAt?.toISOString() ?? null,
      gone: x.gone,
    })),
  );
  const rows = await sql<{ id: string; disabled: boolean; disabled_reason: string }>(
    "webhook_endpoint_health_v1",
    HEALTH_SQL,
    [json, o.failingCutoff.toISOString(), o.now.toISOString()],
  );
  return rows
    .filter((r) => r.disabled)
    .map((r) => ({ endpointId: r.id, reason: r.disabled_reason === "GONE" ? "GONE" : "FAILING" }));
}

/** Folds per-attempt results into one outcome per endpoint. */
export function summariseEndpoints(
  attempts: { endpointId: string; at: Date; success: boolean; gone: boolean }[],
): EndpointOutcome[] {
  const by = new Map<string, EndpointOutcome>();
  for (const a of attempts) {
    const o = by.get(a.endpointId) ?? { endpointId: a.endpointId, succeededAt: null, failedAt: null, gone: false };
    if (a.success) o.succeededAt = !o.succeededAt || a.at > o.succeededAt ? a.at : o.succeededAt;
    else o.failedAt = !o.failedAt || a.at < o.failedAt ? a.at : o.failedAt;
    o.gone ||= a.gone;
    by.set(a.endpointId, o);
  }
  return [...by.values()];
}
