// The CSP guard itself: proves that the pages' policy blocks injected script and that
// e2e/fixtures.ts would notice, so the other specs passing means their pages kept to it.
// eslint-disable-next-line no-restricted-imports -- this spec checks the guard, so it cannot run under it
import { expect, test } from "@playwright/test";
import { watchCsp } from "./fixtures";

test("script injected into a page's HTML (stored XSS) is refused and reported", async ({ page, context }) => {
  const violations = await watchCsp(context);
  // The real page and its real CSP header, with markup an attacker got into the HTML.
  await page.route("/", async (route) => {
    const res = await route.fetch();
    const html = (await res.text()).replace(
      "</body>",
      `<script>window.__injected = "script"</script><img src="data:," onerror="window.__injected = 'handler'"></body>`,
    );
    await route.fulfill({ response: res, body: html });
  });
  const res = await page.goto("/");
  expect(res?.headers()["content-security-policy"]).toMatch(/'nonce-[^']+'/);
  // The page's own scripts carry the nonce and run: the catalog is interactive.
  expect(await page.locator("script[nonce]").count()).toBeGreaterThan(0);
  await expect(page.getByTestId("product").first()).toBeVisible();
  await expect.poll(() => violations.length).toBeGreaterThanOrEqual(2);
  expect(await page.evaluate(() => (window as unknown as { __injected?: string }).__injected)).toBeUndefined();
  expect(violations.join("\n")).toMatch(/script-src/);
});

test("every page load has its own nonce", async ({ request }) => {
  const nonce = async () =>
    /'nonce-([^']+)'/.exec((await request.get("/")).headers()["content-security-policy"] ?? "")?.[1];
  const [a, b] = [await nonce(), await nonce()];
  expect(a).toBeTruthy();
  expect(a).not.toBe(b);
});
