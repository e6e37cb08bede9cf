import { expect, test } from "./fixtures";

// The API reference renders the served OpenAPI document with Scalar's script from this origin:
// nothing is fetched from anywhere else (no CDN, fonts, telemetry or AI agent).
test("the API reference renders the document from this origin only", async ({ page, baseURL }) => {
  const foreign: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(baseURL!) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  const doc = await page.request.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  expect((await doc.json()).openapi).toBe("3.1.0");

  await page.goto("/docs/api");
  await expect(page.getByText("WeChat Pay checkout API").first()).toBeVisible({ timeout: 20_000 });
  await page.getByText("Create a Checkout Session", { exact: false }).first().click();
  await expect(page.getByText("Idempotency-Key").first()).toBeVisible();
  await expect(page.getByText("Ask AI")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/api-docs.png" });
  expect(foreign).toEqual([]);
});
