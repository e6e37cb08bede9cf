/**
 * Catalog lines as this process last read them (name and price by product id), so a session
 * for known products needs no SELECT before its insert. Never trusted on its own: the insert
 * statement (insert-session.ts) stores nothing unless every catalog line still matches an
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
