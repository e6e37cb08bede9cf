import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { verifyPassword } from "@/lib/auth/password";
import { SEED_PRODUCTS } from "@/lib/catalog/seed-products";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { DEMO_ADMIN_EMAIL, seed } from "./seed";

describe("seed", () => {
  let m: MigratedDb | null;
  beforeAll(async () => {
    m = await openMigratedDb("pglite");
  });
  afterAll(async () => {
    await m?.dispose();
  });

  it("creates the catalog and a demo admin whose printed password works, once", async () => {
    const db = m!.db;
    const first = await seed(db, loadConfig({}));
    expect(first.createdAdmin?.email).toBe(DEMO_ADMIN_EMAIL);
    const admin = await db.adminUser.findUniqueOrThrow({ where: { email: DEMO_ADMIN_EMAIL } });
    expect(admin.role).toBe("ADMIN");
    expect(admin.passwordHash).not.toContain(first.createdAdmin!.password!);
    expect(await verifyPassword(first.createdAdmin!.password!, admin.passwordHash)).toBe(true);
    expect(await verifyPassword("wrong password", admin.passwordHash)).toBe(false);

    const second = await seed(db, loadConfig({}));
    expect(second.createdAdmin).toBeUndefined();
    expect(await db.product.count()).toBe(SEED_PRODUCTS.length);
    expect(await db.adminUser.count()).toBe(1);
    const prices = (await db.product.findMany()).map((p) => p.priceFen);
    expect(prices.every((p) => Number.isInteger(p) && p >= 1)).toBe(true);
  });

  it("does not bring back a product an admin deleted, nor undo an edit", async () => {
    const db = m!.db;
    await db.product.delete({ where: { sku: "TEST-1FEN" } });
    await db.product.update({ where: { sku: "CUP-QINGHUA" }, data: { priceFen: 9900 } });
    await seed(db, loadConfig({}));
    expect(await db.product.count()).toBe(SEED_PRODUCTS.length - 1);
    expect((await db.product.findUniqueOrThrow({ where: { sku: "CUP-QINGHUA" } })).priceFen).toBe(9900);
  });
});
