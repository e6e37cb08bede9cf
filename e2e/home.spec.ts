import { expect, test } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./axe";

test("the home page lists the catalog with server-side prices, in Chinese by default", async ({ page }) => {
  const res = await page.goto("/");
  expect(res?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("精选好物");
  const products = page.getByTestId("product");
  await expect(products).toHaveCount(7);
  const puer = page.locator('[data-sku="TEA-PUER-357"]');
  await expect(puer).toContainText("云南普洱茶饼");
  await expect(puer).toContainText("¥128.00");
  await expect(page.locator('[data-sku="TEST-1FEN"]')).toContainText("¥0.01");
  await expect(page.getByRole("region", { name: "演示模式" })).toContainText("不会产生真实扣款");
  await page.screenshot({ path: "test-results/screenshots/home-zh.png", fullPage: true });
  await expectNoSeriousA11yViolations(page, "home (catalog), zh-CN, desktop");
});

test("the language toggle switches to English and remembers it", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Featured");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expectNoSeriousA11yViolations(page, "home (catalog), en by the toggle, desktop");
  await page.reload();
  await expect(page.locator('[data-sku="TEA-LONGJING-250"]')).toContainText("West Lake Longjing tea");
});

test("English by Accept-Language", async ({ browser }) => {
  const context = await browser.newContext({
    locale: "en-US",
    extraHTTPHeaders: { "Accept-Language": "en-US,en;q=0.9" },
  });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Featured");
  await context.close();
});

test("health answers once the database is ready", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  // The same answer as /api/health/ready: every check named and passing.
  expect(await res.json()).toMatchObject({ status: "ok", failing: [], checks: { database: { ok: true } } });
});
