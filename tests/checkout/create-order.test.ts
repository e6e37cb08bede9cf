// Storefront orders (POST /api/v1/orders' domain function) on both engines: priced on the
// server from active products, stored with items and timeline event in one statement, priced
// from the process's cache without ever selling at a stale price, refusals storing nothing.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogPriceCache } from "@/lib/catalog/catalog-price-cache";
import { createOrder } from "@/lib/checkout/create-order";
import { poolRunner, prismaRunner, type SqlRunner } from "@/lib/db/hot-sql";
import { parsePostgresUrl } from "@/lib/db/postgres-url";
import { errorResponse } from "@/lib/http/error-response";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";

describe.each(["pglite", "postgres"] as const)("storefront orders on %s", (kind) => {
  let m: MigratedDb | null;
  let pool: pg.Pool | undefined;
  // As in production: the hot-path pg pool on PostgreSQL, Prisma's raw query on PGlite.
  let base: SqlRunner;
  let tea: string;
  let cup: string;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
    if (!m) return;
    if (kind === "postgres") {
      pool = new pg.Pool({ connectionString: parsePostgresUrl(m.engine.url!).connectionString, max: 2 });
      base = poolRunner(pool);
    } else base = prismaRunner(m.db);
    const p = (sku: string, name: string, priceFen: number) =>
      m!.db.product.create({ data: { sku, name, nameEn: sku, priceFen } });
    tea = (await p("TEA", "龙井", 1200)).id;
    cup = (await p("CUP", "茶杯", 3500)).id;
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await m?.dispose();
  });

  const recorded = () => {
    const names: string[] = [];
    const sql: SqlRunner = (name, text, values) => {
      names.push(name);
      return base(name, text, values);
    };
    return { names, sql };
  };
  const counts = async () => ({
    orders: await m!.db.order.count(),
    items: await m!.db.orderItem.count(),
    events: await m!.db.paymentEvent.count(),
  });

  it("prices on the server and stores the order, its items and ORDER_CREATED in one statement", async (ctx) => {
    if (!m) return ctx.skip();
    const { names, sql } = recorded();
    const created = await createOrder(
      m.db,
      {
        items: [
          { productId: tea, quantity: 2 },
          { productId: cup, quantity: 1 },
          { productId: tea, quantity: 1 },
        ],
      },
      false,
      "203.0.113.9",
      { sql, priceCache: new CatalogPriceCache() },
    );
    expect(names).toEqual(["active_products_by_id_v1", "storefront_order_insert_v1"]);
    expect(created).toMatchObject({ totalFen: 3 * 1200 + 3500, status: "PENDING", description: "龙井 等4件" });
    const order = await m.db.order.findUniqueOrThrow({
      where: { orderNo: created.orderNo },
      include: { items: true, events: true },
    });
    expect(order).toMatchObject({ totalFen: 7100, livemode: false, clientIp: "203.0.113.9", status: "PENDING" });
    expect(order.items.map((i) => [i.productId, i.name, i.unitPriceFen, i.quantity, i.lineTotalFen]).sort()).toEqual(
      [
        [cup, "茶杯", 3500, 1, 3500],
        [tea, "龙井", 1200, 3, 3600],
      ].sort(),
    );
    expect(order.events).toHaveLength(1);
    expect(order.events[0]).toMatchObject({
      type: "ORDER_CREATED",
      toStatus: "PENDING",
      detail: { totalFen: 7100, lines: 2 },
    });
    expect(order.createdAt.getTime()).toBe(order.updatedAt.getTime());
  });

  it("prices from the process's cache but never sells at a stale price, and a refusal stores nothing", async (ctx) => {
    if (!m) return ctx.skip();
    const cache = new CatalogPriceCache();
    const { names, sql } = recorded();
    const lamp = (await m.db.product.create({ data: { sku: "LAMP", name: "台灯", nameEn: "Lamp", priceFen: 5000 } }))
      .id;
    const buy = () =>
      createOrder(m!.db, { items: [{ productId: lamp, quantity: 2 }] }, false, undefined, { sql, priceCache: cache });
    const lookups = () => names.filter((n) => n === "active_products_by_id_v1").length;

    expect((await buy()).totalFen).toBe(10_000);
    expect((await buy()).totalFen).toBe(10_000);
    expect(lookups()).toBe(1); // the second priced from the cache

    // Another instance's admin changes price and name: the insert refuses the cached ones.
    await m.db.product.update({ where: { id: lamp }, data: { priceFen: 6000, name: "新台灯" } });
    const fresh = await buy();
    expect(fresh).toMatchObject({ totalFen: 12_000, items: [{ name: "新台灯", unitPriceFen: 6000 }] });
    const stored = await m.db.order.findUniqueOrThrow({ where: { orderNo: fresh.orderNo }, include: { items: true } });
    expect(stored.totalFen).toBe(12_000);
    expect(stored.items[0]).toMatchObject({ name: "新台灯", unitPriceFen: 6000, lineTotalFen: 12_000 });
    expect(lookups()).toBe(2);

    // Deactivated elsewhere: UNKNOWN_PRODUCT (400), nothing stored.
    await m.db.product.update({ where: { id: lamp }, data: { active: false } });
    const before = await counts();
    const err = await buy().then(
      () => null,
      (e: unknown) => e,
    );
    const res = errorResponse(err);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNKNOWN_PRODUCT");
    expect(await counts()).toEqual(before);
  });
});
