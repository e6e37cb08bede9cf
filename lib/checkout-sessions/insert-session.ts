import { randomUUID } from "node:crypto";
import { FRESH_LINES_CTE, INSERT_LINES_CTE, lineParams } from "@/lib/checkout/order-lines-sql";
import type { SqlRunner } from "@/lib/db/hot-sql";

interface SessionInsert {
  sessionId: string;
  orderNo: string;
  totalFen: number;
  description: string;
  expiresAt: Date;
  now: Date;
  lines: { productId: string | null; name: string; unitPriceFen: number; quantity: number; lineTotalFen: number }[];
  event: Record<string, unknown>;
  apiKeyId: string | null;
  /** The creating key's mode. */
  livemode: boolean;
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  successUrl: string;
  cancelUrl: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
}

/**
 * The order, its items, its timeline event and the session in ONE statement (data-modifying
 * CTEs: atomic, one round trip, no BEGIN/COMMIT; foreign keys are checked at its end). This is
 * the benchmarked hot path of POST /api/v1/checkout/sessions. A unique violation (order number,
 * session id, Idempotency-Key) leaves nothing behind and is reported by `isUniqueViolation` (lib/db/unique-violation).
 *
 * Catalog lines are priced by the caller (possibly from lib/catalog/catalog-price-cache.ts); `fresh` checks,
 * in the same statement and snapshot as the insert, that each still matches an active product's
 * name and price. If one does not, nothing is inserted and no row comes back.
 */
const INSERT_SQL = `
WITH ${FRESH_LINES_CTE}, o AS (
  INSERT INTO orders (id, order_no, status, total_fen, description, expires_at, created_at, updated_at, livemode)
  SELECT $1::uuid, $2, 'PENDING', $3::int, $4, $5::timestamptz, $6::timestamptz, $6::timestamptz, $21::boolean
  FROM fresh WHERE fresh.ok
  RETURNING id
), ${INSERT_LINES_CTE}, e AS (
  INSERT INTO payment_events (id, order_id, type, to_status, detail, created_at)
  SELECT gen_random_uuid(), o.id, 'CHECKOUT_SESSION_CREATED', 'PENDING', $12::jsonb, $6::timestamptz FROM o
  RETURNING id
)
INSERT INTO checkout_sessions (id, order_id, api_key_id, client_reference_id, metadata, success_url, cancel_url,
                               idempotency_key, request_hash, created_at)
SELECT $13, o.id, $14::uuid, $15, $16::jsonb, $17, $18, $19, $20, $6::timestamptz FROM o
RETURNING id`;

/** false: a catalog line no longer matches its product (changed, deactivated); nothing was stored. */
export async function insertSession(sql: SqlRunner, s: SessionInsert): Promise<boolean> {
  const rows = await sql("checkout_session_insert_v3", INSERT_SQL, [
    randomUUID(),
    s.orderNo,
    s.totalFen,
    s.description,
    s.expiresAt.toISOString(),
    s.now.toISOString(),
    ...lineParams(s.lines),
    JSON.stringify(s.event),
    s.sessionId,
    s.apiKeyId,
    s.clientReferenceId,
    JSON.stringify(s.metadata),
    s.successUrl,
    s.cancelUrl,
    s.idempotencyKey,
    s.requestHash,
    s.livemode,
  ]);
  return rows.length > 0;
}
