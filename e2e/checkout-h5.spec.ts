import { expect, test } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./axe";
import { PHONE_UA, PHONE_VIEWPORT, shot, SIM } from "./checkout-helpers";

// A phone browser outside WeChat: H5 redirect to WeChat Pay's page and back to our return page.
test.use({ userAgent: PHONE_UA, viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true });

test("H5: cancel returns to a page that says so and offers to pay again; paying lands on success", async ({ page }) => {
  // From the catalog on the phone: "buy now" creates the order and goes to pay.
  await page.goto("/");
  await shot(page, "catalog-phone");
  await expectNoSeriousA11yViolations(page, "home (catalog), phone");
  await page.locator('[data-sku="BASKET-BAMBOO"]').getByRole("button", { name: "立即购买" }).click();
  await expect(page).toHaveURL(new RegExp(`^${SIM}/h5pay\\?`));
  const redirect = new URL(page.url()).searchParams.get("redirect_url")!;
  const orderNo = /\/orders\/([0-9A-Z-]+)\/return\?out_trade_no=/.exec(redirect)![1]!;
  await expect(page.getByText("¥59.00")).toBeVisible();
  await expectNoSeriousA11yViolations(page, "simulator H5 pay page");
  await page.getByRole("button", { name: "取消 Cancel" }).click();

  await expect(page).toHaveURL(new RegExp(`/orders/${orderNo}/return`));
  await expect(page.getByTestId("h5-return")).toContainText("尚未收到支付结果");
  await shot(page, "h5-return");
  await expectNoSeriousA11yViolations(page, "H5 return page (not paid yet)");

  await page.getByRole("link", { name: "重新支付" }).click();
  await expect(page).toHaveURL(new RegExp(`^${SIM}/h5pay\\?`));
  // The same attempt (same out_trade_no) is reused while it is valid.
  expect(new URL(page.url()).searchParams.get("redirect_url")).toBe(redirect);
  await page.getByRole("button", { name: "支付 Pay" }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderNo}/success$`));
  await shot(page, "h5-success");
  await expectNoSeriousA11yViolations(page, "H5 success, phone");
});
