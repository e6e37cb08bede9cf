// The two CTEs an order's insert statement shares (storefront orders: insert-order.ts; Checkout
// Sessions: lib/checkout-sessions/insert-session.ts). Both take the lines as parameters $7–$11
// (lineParams) and the inserted order as a CTE named `o`.

/** The lines as five arrays, in the order FRESH_LINES_CTE and INSERT_LINES_CTE read $7–$11. */
export function lineParams(
  lines: readonly {
    productId: string | null;
    name: string;
    unitPriceFen: number;
    quantity: number;
    lineTotalFen: number;
  }[],
): unknown[] {
  return [
    lines.map((l) => l.productId),
    lines.map((l) => l.name),
    lines.map((l) => l.unitPriceFen),
    lines.map((l) => l.quantity),
    lines.map((l) => l.lineTotalFen),
  ];
}

/**
 * `fresh.ok`: every catalog line (a product id) still matches an active product's name and
 * price, in the insert's own snapshot; merchant-priced lines (no product) are not checked.
 */
export const FRESH_LINES_CTE = `fresh AS (
  SELECT NOT EXISTS (
    SELECT 1 FROM unnest($7::uuid[], $8::text[], $9::int[]) AS x(product_id, name, unit_price_fen)
    LEFT JOIN products p ON p.id = x.product_id AND p.active AND p.name = x.name AND p.price_fen = x.unit_price_fen
    WHERE x.product_id IS NOT NULL AND p.id IS NULL
  ) AS ok
)`;

/** The order's items, in the lines' order, for the order inserted by the CTE `o`. */
export const INSERT_LINES_CTE = `i AS (
  INSERT INTO order_items (id, order_id, product_id, name, unit_price_fen, quantity, line_total_fen)
  SELECT gen_random_uuid(), o.id, x.product_id, x.name, x.unit_price_fen, x.quantity, x.line_total_fen
  FROM o, unnest($7::uuid[], $8::text[], $9::int[], $10::int[], $11::int[])
       WITH ORDINALITY AS x(product_id, name, unit_price_fen, quantity, line_total_fen, n)
  ORDER BY x.n
  RETURNING id
)`;
