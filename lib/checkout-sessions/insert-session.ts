import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/create-prisma";

export interface SessionInsert {
  sessionId: string;
  orderNo: string;
  totalFen: number;
  description: string;
  expiresAt: Date;
  now: Date;
  lines: { productId: string | null; name: string; unitPriceFen: number; quantity: number; lineTotalFen: number }[];
  event: Record<string, unknown>;
  apiKeyId: string | null;
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
 * session id, Idempotency-Key) leaves nothing behind and is reported by `isUniqueViolation`.
 */
export async function insertSession(db: Db, s: SessionInsert): Promise<void> {
  const orderId = randomUUID();
  const col = <K extends keyof SessionInsert["lines"][number]>(k: K) => s.lines.map((l) => l[k]);
  await db.$executeRaw`
    WITH o AS (
      INSERT INTO orders (id, order_no, status, total_fen, description, expires_at, created_at, updated_at)
      VALUES (${orderId}::uuid, ${s.orderNo}, 'PENDING', ${s.totalFen}, ${s.description}, ${s.expiresAt}, ${s.now}, ${s.now})
      RETURNING id
    ), i AS (
      INSERT INTO order_items (id, order_id, product_id, name, unit_price_fen, quantity, line_total_fen)
      SELECT gen_random_uuid(), o.id, x.product_id, x.name, x.unit_price_fen, x.quantity, x.line_total_fen
      FROM o, unnest(${col("productId")}::uuid[], ${col("name")}::text[], ${col("unitPriceFen")}::int[],
                     ${col("quantity")}::int[], ${col("lineTotalFen")}::int[])
           WITH ORDINALITY AS x(product_id, name, unit_price_fen, quantity, line_total_fen, n)
      ORDER BY x.n
    ), e AS (
      INSERT INTO payment_events (id, order_id, type, to_status, detail, created_at)
      SELECT gen_random_uuid(), o.id, 'CHECKOUT_SESSION_CREATED', 'PENDING', ${JSON.stringify(s.event)}::jsonb, ${s.now}
      FROM o
    )
    INSERT INTO checkout_sessions (id, order_id, api_key_id, client_reference_id, metadata, success_url, cancel_url,
                                   idempotency_key, request_hash, created_at)
    SELECT ${s.sessionId}, o.id, ${s.apiKeyId}::uuid, ${s.clientReferenceId}, ${JSON.stringify(s.metadata)}::jsonb,
           ${s.successUrl}, ${s.cancelUrl}, ${s.idempotencyKey}, ${s.requestHash}, ${s.now}
    FROM o`;
}

/** A unique index refused the row (Prisma's P2002, or the database's 23505 through a raw query). Duck-typed. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: Record<string, unknown>; message?: unknown } | null;
  if (e?.code === "P2002") return true;
  const text = `${JSON.stringify(e?.meta ?? {})} ${typeof e?.message === "string" ? e.message : ""}`;
  return e?.code === "P2010" && /23505|unique constraint|UniqueConstraintViolation/i.test(text);
}
