import { createHash } from "node:crypto";
import { expect, test, type Page } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./axe";
import { ADMIN, adminShot, signIn } from "./admin-helpers";
import { makePng } from "./png-fixture";

const listProducts = async (page: Page) =>
  ((await (await page.request.get("/api/v1/admin/products")).json()) as { products: { name: string }[] }).products;

test("an admin creates a product with a yuan price and an image, edits and deactivates it", async ({
  page,
  browser,
  playwright,
}) => {
  const stamp = Date.now().toString(36).slice(-5);
  const name = `青瓷茶杯 ${stamp}`;
  const nameEn = `Celadon cup ${stamp}`;
  const png = makePng(160, 96);
  const sha = createHash("sha256").update(png).digest("hex");

  await signIn(page, ADMIN, "/admin/products");
  await expect(page.getByRole("link", { name: "商品", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("products")).toContainText("云南普洱茶饼");
  const before = (await listProducts(page)).length;

  // An emoji in the name: the field says why, and nothing is saved.
  await page.getByRole("link", { name: "新建商品" }).click();
  await expect(page).toHaveURL(/\/admin\/products\/new$/);
  await page.getByLabel("中文名称").fill("青瓷茶杯🍵");
  await page.getByLabel("英文名称").fill(nameEn);
  await page.getByLabel("价格（元）").fill("12.345");
  await page.getByRole("button", { name: "创建商品" }).click();
  await expect(page.getByTestId("error-name")).toContainText("表情符号");
  await expect(page.getByTestId("error-price")).toHaveText("最多两位小数");
  await expect(page.getByLabel("中文名称")).toHaveAttribute("aria-invalid", "true");
  await adminShot(page, "product-form-errors-zh");
  await expectNoSeriousA11yViolations(page, "admin new product, errors");
  // The server refuses it as well (the form's check is a convenience, not the gate).
  const refused = await page.request.post("/api/v1/admin/products", {
    data: { name: "青瓷茶杯🍵", nameEn, price: "12.34" },
  });
  expect(refused.status()).toBe(400);
  expect(await refused.json()).toMatchObject({
    error: {
      code: "VALIDATION_ERROR",
      details: [{ path: "name", message: "name must not contain emoji or other 4-byte characters" }],
    },
  });
  expect(await listProducts(page)).toHaveLength(before);

  // Fixed: created with ¥12.34 and an image, first on the storefront.
  await page.getByLabel("中文名称").fill(name);
  await page.getByLabel("价格（元）").fill("12.34");
  await page.getByLabel("排序（小的在前）").fill("-100");
  await page.getByLabel("中文描述（选填）").fill("龙泉青瓷，容量 150 毫升。");
  await page.getByLabel("图片").setInputFiles({ name: "cup.png", mimeType: "image/png", buffer: png });
  await expect(page.getByTestId("preview")).toBeVisible();
  await page.getByRole("button", { name: "创建商品" }).click();
  await expect(page).toHaveURL(/\/admin\/products$/);
  const row = page.getByTestId("products").getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("¥12.34");
  await expect(row).toContainText("在售");
  await expect(row.locator("img")).toHaveAttribute("src", `/api/v1/product-images/${sha}`);
  await expect.poll(() => row.locator("img").evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(160);
  await adminShot(page, "products-zh");
  await expectNoSeriousA11yViolations(page, "admin products");

  const image = await page.request.get(`/api/v1/product-images/${sha}`);
  expect(image.status()).toBe(200);
  expect(image.headers()).toMatchObject({
    "content-type": "image/png",
    "x-content-type-options": "nosniff",
    "cache-control": "public, max-age=31536000, immutable",
    etag: `"${sha}"`,
  });
  expect(Buffer.from(await image.body()).equals(png)).toBe(true);
  expect((await page.request.get(`/api/v1/product-images/${"0".repeat(64)}`)).status()).toBe(404);
  expect(
    (await page.request.get(`/api/v1/product-images/${sha}`, { headers: { "If-None-Match": `"${sha}"` } })).status(),
  ).toBe(304);

  // The upload decides by the bytes: an SVG called cup.png is refused; writes need a session and this origin.
  const { products: all } = (await (await page.request.get("/api/v1/admin/products")).json()) as {
    products: { id: string; name: string; priceFen: number; sku: string }[];
  };
  const created = all.find((p) => p.name === name)!;
  expect(created).toMatchObject({ priceFen: 1234, sku: expect.stringMatching(/^P-[0-9A-Z]{8}$/) });
  const svg = await page.request.post(`/api/v1/admin/products/${created.id}/image`, {
    multipart: {
      image: {
        name: "cup.png",
        mimeType: "image/png",
        buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"),
      },
    },
  });
  expect(svg.status()).toBe(415);
  expect(await svg.json()).toMatchObject({ error: { code: "UNSUPPORTED_IMAGE_TYPE" } });
  const tooBig = Buffer.alloc(2 * 1024 * 1024 + 1);
  png.copy(tooBig);
  const big = await page.request.post(`/api/v1/admin/products/${created.id}/image`, {
    multipart: { image: { name: "big.png", mimeType: "image/png", buffer: tooBig } },
  });
  expect(big.status()).toBe(413);
  expect(await big.json()).toMatchObject({ error: { code: "IMAGE_TOO_LARGE" } });
  const crossSite = await page.request.patch(`/api/v1/admin/products/${created.id}`, {
    data: { price: "0.01" },
    headers: { Origin: "https://evil.example" },
  });
  expect(crossSite.status()).toBe(403);
  const anonymous = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
  expect(
    (await anonymous.post("/api/v1/admin/products", { data: { name: "x", nameEn: "x", price: "1" } })).status(),
  ).toBe(401);
  expect((await anonymous.get("/api/v1/admin/products")).status()).toBe(401);
  await anonymous.dispose();

  await page.goto("/");
  const card = page.getByTestId("product").filter({ hasText: name });
  await expect(card.locator(".price")).toHaveText("¥12.34");
  const img = card.getByRole("img", { name });
  await expect(img).toHaveAttribute("src", `/api/v1/product-images/${sha}`);
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(160);
  await expect(page.getByTestId("product").first()).toContainText(name); // sortOrder -100
  await page.screenshot({ path: "test-results/screenshots/storefront-product-image-zh.png", fullPage: true });

  // Edit: a bad price is refused next to the field, a good one is saved.
  await page.goto("/admin/products");
  await page.getByRole("link", { name: `编辑 ${name}` }).click();
  await expect(page.getByLabel("价格（元）")).toHaveValue("12.34");
  await page.getByLabel("价格（元）").fill("0");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("error-price")).toHaveText("价格至少 0.01 元");
  await adminShot(page, "product-edit-error-zh");
  await expectNoSeriousA11yViolations(page, "admin product edit, error");
  await page.getByLabel("价格（元）").fill("15.6");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status")).toHaveText("已保存");
  await page.goto("/");
  await expect(page.getByTestId("product").filter({ hasText: name }).locator(".price")).toHaveText("¥15.60");
  const { products } = (await (await page.request.get("/api/v1/products")).json()) as {
    products: { id: string; name: string }[];
  };
  const productId = products.find((p) => p.name === name)!.id;

  // Deactivate: gone from the storefront and no longer orderable; the admin list still has it.
  await page.goto(`/admin/products/${productId}`);
  await page.getByLabel("上架销售").uncheck();
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status")).toHaveText("已保存");
  await page.goto("/");
  await expect(page.getByTestId("product").first()).toBeVisible();
  await expect(page.getByTestId("product").filter({ hasText: name })).toHaveCount(0);
  const order = await page.request.post("/api/v1/orders", { data: { items: [{ productId, quantity: 1 }] } });
  expect(order.status()).toBe(400);
  expect(await order.json()).toMatchObject({ error: { code: "UNKNOWN_PRODUCT" } });
  await page.goto("/admin/products");
  await expect(page.getByTestId("products").getByRole("row").filter({ hasText: name })).toContainText("已下架");

  // Every change is in the audit log.
  await page.goto("/admin/audit");
  for (const action of ["新建商品", "设置商品图片", "修改商品", "下架商品"]) {
    await expect(page.getByTestId("audit").getByText(action, { exact: true }).first()).toBeVisible();
  }

  // English: the same pages, for the screenshots.
  const ctx = await browser.newContext({ locale: "zh-CN" });
  const en = await ctx.newPage();
  await signIn(en, ADMIN, "/admin/products");
  await ctx.addCookies([{ name: "lang", value: "en", url: new URL(en.url()).origin }]);
  await en.reload();
  await expect(en.getByRole("link", { name: "Products", exact: true })).toBeVisible();
  await en.screenshot({ path: "test-results/screenshots/admin-products-en.png", fullPage: true });
  await expectNoSeriousA11yViolations(en, "admin products, en");
  await en.goto(`/admin/products/${productId}`);
  await en.getByLabel("English name").fill("Cup 😀");
  await en.getByRole("button", { name: "Save" }).click();
  await expect(en.getByTestId("error-nameEn")).toContainText("No emoji");
  await en.screenshot({ path: "test-results/screenshots/admin-product-edit-error-en.png", fullPage: true });
  await expectNoSeriousA11yViolations(en, "admin product edit, error, en");
  await en.getByLabel("English name").fill(nameEn);
  await en.getByLabel("On sale").check();
  await en.getByRole("button", { name: "Save" }).click();
  await expect(en.getByRole("status")).toHaveText("Saved");
  await en.goto("/");
  await expect(en.getByTestId("product").filter({ hasText: nameEn }).getByRole("img", { name: nameEn })).toBeVisible();
  await en.screenshot({ path: "test-results/screenshots/storefront-product-image-en.png", fullPage: true });
  await expectNoSeriousA11yViolations(en, "home with a product image, en");
  await en.setViewportSize({ width: 390, height: 844 });
  await en.goto("/admin/products");
  await en.screenshot({ path: "test-results/screenshots/admin-products-en-mobile.png", fullPage: true });
  await expectNoSeriousA11yViolations(en, "admin products, en, phone");
  await en.goto(`/admin/products/${productId}`);
  await en.screenshot({ path: "test-results/screenshots/admin-product-edit-en-mobile.png", fullPage: true });
  await expectNoSeriousA11yViolations(en, "admin product edit, en, phone");
  // Leave the storefront as the other specs expect it (their first product is the seeded one).
  expect((await en.request.patch(`/api/v1/admin/products/${productId}`, { data: { active: false } })).ok()).toBe(true);
  await ctx.close();
});
