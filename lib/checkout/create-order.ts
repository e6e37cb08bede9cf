import { catalogPriceCache, readActivePrices, type CatalogPriceCache } from "@/lib/catalog/catalog-price-cache";
import type { Db } from "@/lib/db/create-prisma";
import { prismaRunner, type SqlRunner } from "@/lib/db/hot-sql";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { ConflictError } from "@/lib/errors/app-error";
import { newOrderNo } from "./identifiers";
import { insertOrder } from "./insert-order";
import type { CreateOrderInput } from "./order-input";
import { describeOrder, priceOrder, type PricedLine } from "./price-order";

interface CreatedOrder {
  orderNo: string;
  totalFen: number;
  description: string;
  status: string;
  items: PricedLine[];
}

interface CreateOrderOptions {
  /** The hot-path pg pool on PostgreSQL (lib/db/hot-sql); Prisma's raw query otherwise. */
  sql?: SqlRunner;
  /** Catalog prices this process has read (the process's own by default). */
  priceCache?: CatalogPriceCache;
  now?: Date;
}

/**
 * Creates an order priced on the server from active catalog products (from this process's
 * price cache when it has read them, rechecked by the insert statement, so a product changed on
 * another instance is never sold at its old price), stored with its items and timeline event in
 * one statement (insert-order.ts). `livemode`: the storefront's orders are live in a live
 * deployment, test in demo mode (primaryLivemode).
 */
export async function createOrder(
  db: Db,
  input: CreateOrderInput,
  livemode: boolean,
  clientIp?: string,
  o: CreateOrderOptions = {},
): Promise<CreatedOrder> {
  const sql = o.sql ?? prismaRunner(db);
  const cache = o.priceCache ?? catalogPriceCache;
  const ids = [...new Set(input.items.map((i) => i.productId))];
  for (let attempt = 0, repriced = 0; ;) {
    const prices = await readActivePrices(sql, ids, cache);
    const { lines, totalFen } = priceOrder([...prices.values()], input.items);
    const description = describeOrder(lines);
    const orderNo = newOrderNo(o.now);
    let stored: boolean;
    try {
      stored = await insertOrder(sql, {
        orderNo,
        livemode,
        totalFen,
        description,
        clientIp: clientIp ?? null,
        now: o.now ?? new Date(),
        lines,
        detail: { totalFen, lines: lines.length },
      });
    } catch (err) {
      // A repeated order number (one in 10^11 per day) gets another draw.
      if (!isUniqueViolation(err) || attempt >= 3) throw err;
      attempt += 1;
      continue;
    }
    if (stored) return { orderNo, totalFen, description, status: "PENDING", items: lines };
    // A product changed since this process priced it: price afresh (which may now refuse it).
    if (repriced >= 3) throw new ConflictError("CATALOG_CHANGED", "The catalog changed while ordering; try again");
    repriced += 1;
    cache.forget(ids);
  }
}
