import type { SqlRunner } from "@/lib/db/hot-sql";

// Retention: events older than EVENTS_RETENTION_DAYS go, and their deliveries and attempts with
// them (ON DELETE CASCADE). In slices, so one purge never holds many locks or one long
// transaction; SKIP LOCKED lets two instances purge side by side.

const PURGE_SQL = `
WITH gone AS (
  DELETE FROM events WHERE id IN (
    SELECT id FROM events WHERE created_at < $1::timestamptz ORDER BY created_at LIMIT $2::int FOR UPDATE SKIP LOCKED)
  RETURNING 1
)
SELECT count(*)::int AS deleted FROM gone`;

/** Deletes up to `limit` expired events; returns how many. */
export async function purgeEvents(sql: SqlRunner, o: { before: Date; limit: number }): Promise<number> {
  const [row] = await sql<{ deleted: number }>("webhook_purge_events_v1", PURGE_SQL, [o.before.toISOString(), o.limit]);
  return Number(row?.deleted ?? 0);
}
