import { randomUUID } from "node:crypto";
import type { SqlRunner } from "@/lib/db/hot-sql";
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
WITH fresh AS (
  SELECT NOT EXISTS (
    SELECT 1 FROM unnest($7::uuid[], $8::text[], $9::int[]) AS x(product_id, name, unit_price_fen)
    LEFT JOIN products p ON p.id = x.product_id AND p.active AND p.name = x.name AND p.price_fen = x.unit_price_fen
    WHERE p.id IS NULL
  ) AS ok
), o AS (
  INSERT INTO orders (id, order_no, status, livemode, total_fen, description, client_ip, created_at, updated_at)
  SELECT $1::uuid, $2, 'PENDING', $3::boolean, $4::int, $5, $6, $12::timestamptz, $12::timestamptz
  FROM fresh WHERE fresh.ok
  RETURNING id
), i AS (
  INSERT INTO order_items (id, order_id, product_id, name, unit_price_fen, quantity, line_total_fen)
  SELECT gen_random_uuid(), o.id, x.product_id, x.name, x.unit_price_fen, x.quantity, x.line_total_fen
  FROM o, unnest($7::uuid[], $8::text[], $9::int[], $10::int[], $11::int[])
       WITH ORDINALITY AS x(product_id, name, unit_price_fen, quantity, line_total_fen, n)
  ORDER BY x.n
  RETURNING id
)
INSERT INTO payment_events (id, order_id, type, to_status, detail, created_at)
SELECT gen_random_uuid(), o.id, 'ORDER_CREATED', 'PENDING', $13::jsonb, $12::timestamptz FROM o
RETURNING id`;

/** false: a line no longer matches its product (changed, deactivated); nothing was stored. */
export async function insertOrder(sql: SqlRunner, o: OrderInsert): Promise<boolean> {
  const col = <K extends keyof PricedLine>(k: K) => o.lines.map((l) => l[k]);
  const rows = await sql("storefront_order_insert_v1", INSERT_SQL, [
    randomUUID(),
    o.orderNo,
    o.livemode,
    o.totalFen,
    o.description,
    o.clientIp,
    col("productId"),
    col("name"),
    col("unitPriceFen"),
    col("quantity"),
    col("lineTotalFen"),
    o.now.toISOString(),
    JSON.stringify(o.detail),
  ]);
  return rows.length > 0;
}
