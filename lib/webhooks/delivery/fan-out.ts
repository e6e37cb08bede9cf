import type { SqlRunner } from "@/lib/db/hot-sql";

// The outbox's fan-out: events not yet fanned out get one PENDING delivery per enabled endpoint
// of the event's mode (test events to test endpoints only) subscribed to their type (or to "*"), and are stamped, all in one statement. SKIP LOCKED lets
// several instances fan out side by side without waiting on each other; ON CONFLICT makes a
// repeat harmless. The partial index events_unfanned_idx keeps the scan to unstamped rows.
// `ping` events are created already fanned out with their single delivery (recordEvent), so
// the `<> 'ping'` only guards against a hand-written one.

const FAN_OUT_SQL = `
WITH claimed AS (
  SELECT id, type, livemode FROM events
  WHERE fanned_out_at IS NULL
  ORDER BY created_at
  LIMIT $1::int
  FOR UPDATE SKIP LOCKED
), inserted AS (
  INSERT INTO webhook_deliveries (id, event_id, endpoint_id, next_attempt_at, created_at)
  SELECT gen_random_uuid(), c.id, e.id, $2::timestamptz, $2::timestamptz
  FROM claimed c
  JOIN webhook_endpoints e ON e.enabled AND e.livemode = c.livemode
    AND (c.type = ANY (e.events) OR '*' = ANY (e.events))
  WHERE c.type <> 'ping'
  ON CONFLICT (event_id, endpoint_id) DO NOTHING
  RETURNING 1
), stamped AS (
  UPDATE events ev SET fanned_out_at = $2::timestamptz FROM claimed c WHERE ev.id = c.id RETURNING 1
)
SELECT (SELECT count(*) FROM stamped)::int AS events, (SELECT count(*) FROM inserted)::int AS deliveries`;

interface FanOutResult {
  events: number;
  deliveries: number;
}

export async function fanOutEvents(sql: SqlRunner, o: { limit: number; now: Date }): Promise<FanOutResult> {
  const [row] = await sql<FanOutResult>("webhook_fan_out_v2", FAN_OUT_SQL, [o.limit, o.now.toISOString()]);
  return { events: Number(row?.events ?? 0), deliveries: Number(row?.deliveries ?? 0) };
}
