import type { SqlRunner } from "@/lib/db/hot-sql";
import type { EventRow } from "@/lib/event-objects/event-object";
import type { EndpointSecrets } from "./sign-webhook";

// Due PENDING deliveries of enabled endpoints, claimed for one attempt: the same statement locks
// them (SKIP LOCKED: another instance takes other rows instead of waiting) and pushes
// next_attempt_at forward by the lease, so no one else picks them until it has passed. The
// lease must outlast an attempt (10 s timeout); if the process dies mid-attempt the delivery is
// simply due again when the lease ends. attempt_count is the fencing token: the attempt is
// recorded only if it still matches (recordAttempts), so a claim that outlived its lease cannot
// overwrite a newer one.

const CLAIM_SQL = `
WITH due AS (
  SELECT d.id FROM webhook_deliveries d
  JOIN webhook_endpoints e ON e.id = d.endpoint_id
  WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1::timestamptz AND e.enabled
  ORDER BY d.next_attempt_at
  LIMIT $2::int
  FOR UPDATE OF d SKIP LOCKED
)
UPDATE webhook_deliveries d SET next_attempt_at = $3::timestamptz
FROM due, events ev, webhook_endpoints e
WHERE d.id = due.id AND ev.id = d.event_id AND e.id = d.endpoint_id
RETURNING d.id::text AS id, d.attempt_count, d.endpoint_id, ev.id AS event_id, ev.type, ev.livemode, ev.order_id::text AS order_id,
  ev.refund_id::text AS refund_id, ev.detail, ev.created_at, e.url, e.secret, e.previous_secret,
  e.previous_secret_expires_at`;

export interface ClaimedDelivery {
  id: string;
  /** Attempts made before this one. */
  attemptCount: number;
  endpointId: string;
  url: string;
  secrets: EndpointSecrets;
  event: EventRow;
}

interface Row {
  id: string;
  attempt_count: number;
  endpoint_id: string;
  event_id: string;
  type: string;
  livemode: boolean;
  order_id: string | null;
  refund_id: string | null;
  detail: unknown;
  created_at: Date | string;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | string | null;
}

export async function claimDeliveries(
  sql: SqlRunner,
  o: { limit: number; now: Date; leaseSeconds: number },
): Promise<ClaimedDelivery[]> {
  const leaseEnd = new Date(o.now.getTime() + o.leaseSeconds * 1000);
  const rows = await sql<Row>("webhook_claim_deliveries_v2", CLAIM_SQL, [
    o.now.toISOString(),
    o.limit,
    leaseEnd.toISOString(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    attemptCount: Number(r.attempt_count),
    endpointId: r.endpoint_id,
    url: r.url,
    secrets: {
      secret: r.secret,
      previousSecret: r.previous_secret,
      previousSecretExpiresAt: r.previous_secret_expires_at === null ? null : new Date(r.previous_secret_expires_at),
    },
    event: {
      livemode: r.livemode,
      id: r.event_id,
      type: r.type,
      orderId: r.order_id,
      refundId: r.refund_id,
      detail: r.detail,
      createdAt: new Date(r.created_at),
    },
  }));
}
