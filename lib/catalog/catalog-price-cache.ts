import type { SqlRunner } from "@/lib/db/hot-sql";

/**
 * Catalog lines as this process last read them (name and price by product id), so a session
 * for known products needs no SELECT before its insert. Never trusted on its own: the insert
 * statement (insert-session.ts, insert-order.ts) stores nothing unless every catalog line still matches an
 * active product's name and price, and a miss there drops these entries and prices afresh.
 * So a product changed on another instance is never sold at its old price or name; this
 * process only pays one extra round trip the first time after the change.
 */
export interface CatalogPrice {
  id: string;
  name: string;
  priceFen: number;
}

// Bounded: a catalog is small, but ids come from the merchant's requests.
const MAX_ENTRIES = 2000;

export class CatalogPriceCache {
  private readonly entries = new Map<string, CatalogPrice>();

  get(id: string): CatalogPrice | undefined {
    return this.entries.get(id);
  }

  remember(products: readonly CatalogPrice[]): void {
    for (const p of products) {
      if (this.entries.size >= MAX_ENTRIES && !this.entries.has(p.id)) this.entries.clear();
      this.entries.set(p.id, { id: p.id, name: p.name, priceFen: p.priceFen });
    }
  }

  forget(ids: readonly string[]): void {
    for (const id of ids) this.entries.delete(id);
  }
}

/** The process's cache (one per server process; tests make their own). */
export const catalogPriceCache = new CatalogPriceCache();

/**
 * The active products among `ids` by id, from `cache` where this process has read them and in
 * one SELECT for the rest (which the cache then remembers). Inactive or unknown ids are absent.
 * Callers recheck the prices in their insert statement (see above).
 */
export async function readActivePrices(
  sql: SqlRunner,
  ids: readonly string[],
  cache: CatalogPriceCache,
): Promise<Map<string, CatalogPrice>> {
  const missing = ids.filter((id) => !cache.get(id));
  if (missing.length)
    cache.remember(
      await sql<CatalogPrice>(
        "active_products_by_id_v1",
        `SELECT id::text, name, price_fen AS "priceFen" FROM products WHERE id = ANY($1::uuid[]) AND active`,
        [missing],
      ),
    );
  return new Map(ids.flatMap((id) => (cache.get(id) ? [[id, cache.get(id)!] as const] : [])));
}
