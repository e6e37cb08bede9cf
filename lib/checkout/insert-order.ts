import { randomUUID } from "node:crypto";
import type { SqlRunner } from "@/lib/db/hot-sql";
import { FRESH_LINES_CTE, INSERT_LINES_CTE, lineParams } from "./order-lines-sql";
import type { PricedLine } from "./price-order";

interface OrderInsert {
  orderNo: string;
  livemode: boolean;
  totalFen: number;
  description: string;
  clientIp: string | null;
  now: Date;
  lines: readonly PricedLine[];
  /** The ORDER_CREATED timeline event's detail. */
  detail: Record<string, unknown>;
}

/**
 * A storefront order, its items and its ORDER_CREATED timeline event in ONE statement
 * (data-modifying CTEs: atomic, one round trip, no BEGIN/COMMIT), as Checkout Sessions store
 * theirs (lib/checkout-sessions/insert-session.ts). `fresh` checks, in the same snapshot as the
 * insert, that every line still matches an active product's name and price (the caller may have
 * priced it from lib/catalog/catalog-price-cache); if one does not, nothing is inserted and no
 * row comes back. A repeated order number is a unique violation that leaves nothing behind.
 */
const INSERT_SQL = `
WITH ${FRESH_LINES_CTE}, o AS (
  INSERT INTO orders (id, order_no, status, livemode, total_fen, description, client_ip, created_at, updated_at)
  SELECT $1::uuid, $2, 'PENDING', $3::boolean, $4::int, $5, $6, $12::timestamptz, $12::timestamptz
  FROM fresh WHERE fresh.ok
  RETURNING id
), ${INSERT_LINES_CTE}
INSERT INTO payment_events (id, order_id, type, to_status, detail, created_at)
SELECT gen_random_uuid(), o.id, 'ORDER_CREATED', 'PENDING', $13::jsonb, $12::timestamptz FROM o
RETURNING id`;

/** false: a line no longer matches its product (changed, deactivated); nothing was stored. */
export async function insertOrder(sql: SqlRunner, o: OrderInsert): Promise<boolean> {
  const rows = await sql("storefront_order_insert_v1", INSERT_SQL, [
    randomUUID(),
    o.orderNo,
    o.livemode,
    o.totalFen,
    o.description,
    o.clientIp,
    ...lineParams(o.lines),
    o.now.toISOString(),
    JSON.stringify(o.detail),
  ]);
  return rows.length > 0;
}
