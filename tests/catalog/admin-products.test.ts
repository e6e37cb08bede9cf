import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminIdentity } from "@/lib/auth/authenticate";
import { createProduct } from "@/lib/catalog/create-product";
import { deleteProduct } from "@/lib/catalog/delete-product";
import { getAdminProduct } from "@/lib/catalog/get-admin-product";
import { listAdminProducts } from "@/lib/catalog/list-admin-products";
import { listProducts } from "@/lib/catalog/list-products";
import { createProductSchema, updateProductSchema } from "@/lib/catalog/product-input";
import { readProductImage } from "@/lib/catalog/read-product-image";
import { removeProductImage } from "@/lib/catalog/remove-product-image";
import { setProductImage } from "@/lib/catalog/set-product-image";
import { updateProduct } from "@/lib/catalog/update-product";
import { createOrder } from "@/lib/checkout/create-order";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const SVG = new Uint8Array(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));

describe.each(["pglite", "postgres"] as const)("admin products on %s", (kind) => {
  let m: MigratedDb | null;
  let actor: AdminIdentity;
  const input = (o: Record<string, unknown> = {}) =>
    createProductSchema.parse({ name: "青瓷茶杯", nameEn: "Celadon cup", price: "12.34", ...o });
  const audit = (targetId: string) =>
    m!.db.auditLog.findMany({ where: { targetType: "product", targetId }, orderBy: { createdAt: "asc" } });

  beforeAll(async () => {
    m = await openMigratedDb(kind);
    if (!m) return;
    const u = await m.db.adminUser.create({
      data: { email: "boss@example.com", name: "Boss", role: "ADMIN", passwordHash: "x" },
    });
    actor = { id: u.id, email: u.email, name: u.name, role: "ADMIN" };
  }, 30_000);
  afterAll(async () => {
    await m?.dispose();
  });

  it("creates a product with exact fen, a generated sku and a PRODUCT_CREATED row", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await createProduct(m.db, input({ price: "0.29", sortOrder: 5 }), actor, "10.0.0.1");
    expect(p).toMatchObject({ name: "青瓷茶杯", nameEn: "Celadon cup", priceFen: 29, active: true, sortOrder: 5 });
    expect(p.sku).toMatch(/^P-[0-9A-HJKMNP-TV-Z]{8}$/);
    const rows = await audit(p.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "PRODUCT_CREATED",
      actorEmail: "boss@example.com",
      ip: "10.0.0.1",
      detail: { sku: p.sku, priceFen: 29, name: "青瓷茶杯" },
    });
  });

  it("refuses a taken sku with 409 SKU_TAKEN and writes nothing", async (ctx) => {
    if (!m) return ctx.skip();
    await createProduct(m.db, input({ sku: "DUP-1" }), actor);
    const before = await m.db.auditLog.count();
    await expect(createProduct(m.db, input({ sku: "DUP-1" }), actor)).rejects.toMatchObject({
      code: "SKU_TAKEN",
      status: 409,
    });
    expect(await m.db.auditLog.count()).toBe(before);
    expect(await m.db.product.count({ where: { sku: "DUP-1" } })).toBe(1);
  });

  it("updates with a before→after diff of the changed fields only", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await createProduct(m.db, input(), actor);
    const after = await updateProduct(
      m.db,
      p.id,
      updateProductSchema.parse({ price: "15", nameEn: "Celadon cup", description: "龙泉窑" }),
      actor,
    );
    expect(after).toMatchObject({ priceFen: 1500, description: "龙泉窑" });
    const rows = await audit(p.id);
    expect(rows.map((r) => r.action)).toEqual(["PRODUCT_CREATED", "PRODUCT_UPDATED"]);
    expect(rows[1]!.detail).toEqual({
      sku: p.sku,
      changes: { priceFen: { from: 1234, to: 1500 }, description: { from: "", to: "龙泉窑" } },
    });
    // Nothing changed → no row.
    await updateProduct(m.db, p.id, updateProductSchema.parse({ price: "15.00" }), actor);
    expect(await audit(p.id)).toHaveLength(2);
  });

  it("editing a product's price or name does not change an existing order", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await createProduct(m.db, input({ name: "旧名字", price: "12.34" }), actor);
    const order = await createOrder(m.db, { items: [{ productId: p.id, quantity: 2 }] }, false);
    await updateProduct(m.db, p.id, updateProductSchema.parse({ name: "新名字", price: "99.99" }), actor);
    const stored = await m.db.order.findUniqueOrThrow({ where: { orderNo: order.orderNo }, include: { items: true } });
    expect(stored.totalFen).toBe(2468);
    expect(stored.description).toBe("旧名字 等2件");
    expect(stored.items).toMatchObject([{ name: "旧名字", unitPriceFen: 1234, quantity: 2, lineTotalFen: 2468 }]);
    // A new order uses the new price and name.
    const next = await createOrder(m.db, { items: [{ productId: p.id, quantity: 1 }] }, false);
    expect(next).toMatchObject({ totalFen: 9999, description: "新名字" });
  });

  it("deactivates: gone from the storefront, cannot be ordered, past orders stay; then reactivates", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await createProduct(m.db, input({ sortOrder: -1000 }), actor);
    const order = await createOrder(m.db, { items: [{ productId: p.id, quantity: 1 }] }, false);
    expect((await listProducts(m.db))[0]!.id).toBe(p.id); // lowest sortOrder first
    await updateProduct(m.db, p.id, { active: false }, actor);
    expect((await listProducts(m.db)).map((x) => x.id)).not.toContain(p.id);
    await expect(createOrder(m.db, { items: [{ productId: p.id, quantity: 1 }] }, false)).rejects.toMatchObject({
      code: "UNKNOWN_PRODUCT",
    });
    const past = await m.db.order.findUniqueOrThrow({ where: { orderNo: order.orderNo }, include: { items: true } });
    expect(past.items[0]).toMatchObject({ productId: p.id, name: "青瓷茶杯", unitPriceFen: 1234 });
    expect((await getAdminProduct(m.db, p.id)).orderedCount).toBe(1);
    await updateProduct(m.db, p.id, { active: true }, actor);
    expect((await listProducts(m.db)).map((x) => x.id)).toContain(p.id);
    const rows = await audit(p.id);
    expect(rows.map((r) => r.action)).toEqual(["PRODUCT_CREATED", "PRODUCT_DEACTIVATED", "PRODUCT_REACTIVATED"]);
    expect(rows[1]!.detail).toMatchObject({ changes: { active: { from: true, to: false } } });
  });

  it("deletes only a product never ordered", async (ctx) => {
    if (!m) return ctx.skip();
    const sold = await createProduct(m.db, input(), actor);
    await createOrder(m.db, { items: [{ productId: sold.id, quantity: 1 }] }, false);
    await expect(deleteProduct(m.db, sold.id, actor)).rejects.toMatchObject({ code: "PRODUCT_SOLD", status: 409 });
    expect(await m.db.product.count({ where: { id: sold.id } })).toBe(1);
    const unsold = await createProduct(m.db, input(), actor);
    await deleteProduct(m.db, unsold.id, actor);
    expect(await m.db.product.count({ where: { id: unsold.id } })).toBe(0);
    expect((await audit(unsold.id)).map((r) => r.action)).toEqual(["PRODUCT_CREATED", "PRODUCT_DELETED"]);
    await expect(deleteProduct(m.db, unsold.id, actor)).rejects.toMatchObject({ status: 404 });
    await expect(updateProduct(m.db, "not-a-uuid", { active: false }, actor)).rejects.toMatchObject({ status: 404 });
  });

  it("counts units sold from paid orders only", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await createProduct(m.db, input(), actor);
    const paid = await createOrder(m.db, { items: [{ productId: p.id, quantity: 3 }] }, false);
    await createOrder(m.db, { items: [{ productId: p.id, quantity: 5 }] }, false); // still pending
    await m.db.order.update({ where: { orderNo: paid.orderNo }, data: { status: "PAID" } });
    const row = (await listAdminProducts(m.db)).find((x) => x.id === p.id)!;
    expect(row).toMatchObject({ soldCount: 3, orderedCount: 8 });
  });

  it("stores an image by its SHA-256 once, points the product at it and audits it", async (ctx) => {
    if (!m) return ctx.skip();
    const a = await createProduct(m.db, input(), actor);
    const b = await createProduct(m.db, input(), actor);
    const sha = createHash("sha256").update(PNG).digest("hex");
    const first = await setProductImage(m.db, a.id, new Uint8Array(PNG), actor);
    expect(first.image).toEqual({
      sha256: sha,
      contentType: "image/png",
      size: PNG.length,
      url: `/api/v1/product-images/${sha}`,
      deduplicated: false,
    });
    expect(first.product.imageUrl).toBe(`/api/v1/product-images/${sha}`);
    const second = await setProductImage(m.db, b.id, new Uint8Array(PNG), actor);
    expect(second.image.deduplicated).toBe(true);
    expect(await m.db.productImage.count({ where: { sha256: sha } })).toBe(1);
    const stored = await readProductImage(m.db, sha);
    expect(stored?.contentType).toBe("image/png");
    expect(Buffer.from(stored!.data).equals(Buffer.from(PNG))).toBe(true);
    expect(await readProductImage(m.db, "0".repeat(64))).toBeNull();
    expect(await readProductImage(m.db, "../etc/passwd")).toBeNull();
    expect((await listProducts(m.db)).find((x) => x.id === a.id)?.imageUrl).toBe(first.image.url);

    await removeProductImage(m.db, a.id, actor);
    expect((await getAdminProduct(m.db, a.id)).imageUrl).toBeNull();
    expect(await readProductImage(m.db, sha)).not.toBeNull(); // still used by b
    const rows = await audit(a.id);
    expect(rows.map((r) => r.action)).toEqual(["PRODUCT_CREATED", "PRODUCT_IMAGE_SET", "PRODUCT_IMAGE_REMOVED"]);
    expect(rows[1]!.detail).toMatchObject({ sha256: sha, contentType: "image/png", size: PNG.length, from: null });
  });

  it("refuses SVG, empty and oversized images and stores nothing", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await createProduct(m.db, input(), actor);
    const count = await m.db.productImage.count();
    await expect(setProductImage(m.db, p.id, new Uint8Array(SVG), actor)).rejects.toMatchObject({
      code: "UNSUPPORTED_IMAGE_TYPE",
      status: 415,
    });
    await expect(setProductImage(m.db, p.id, new Uint8Array(0), actor)).rejects.toMatchObject({ code: "IMAGE_EMPTY" });
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(PNG);
    await expect(setProductImage(m.db, p.id, big, actor)).rejects.toMatchObject({
      code: "IMAGE_TOO_LARGE",
      status: 413,
    });
    // Exactly 2 MiB is allowed (the database CHECK agrees).
    const max = big.slice(0, 2 * 1024 * 1024);
    await expect(setProductImage(m.db, p.id, max, actor)).resolves.toMatchObject({ image: { size: 2 * 1024 * 1024 } });
    expect(await m.db.productImage.count()).toBe(count + 1);
    expect((await audit(p.id)).map((r) => r.action)).toEqual(["PRODUCT_CREATED", "PRODUCT_IMAGE_SET"]);
  });
});
