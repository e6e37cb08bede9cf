import { expect, test, type Browser, type Page } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./axe";
import { E2E_PORT } from "../playwright.config";
import { ADMIN, signIn } from "./admin-helpers";
import { PHONE_UA, PHONE_VIEWPORT, SIM, WECHAT_UA } from "./checkout-helpers";
import { startMerchantBackend, type MerchantBackend } from "./merchant-backend";

// A merchant's real backend (a node:http server on an OS-assigned port, holding an API key made
// through the admin API) sends a shopper to the hosted checkout; the shopper pays in the
// simulator and comes back to the merchant's successUrl, where the backend reads the session.
const APP = `http://localhost:${E2E_PORT}`;
const shot = (p: Page, name: string) =>
  p.screenshot({ path: `test-results/screenshots/session-${name}.png`, fullPage: true });

let merchant: MerchantBackend;

test.beforeAll(async ({ browser }) => {
  const admin = await browser.newPage();
  await signIn(admin, ADMIN);
  const res = await admin.request.post("/api/v1/admin/api-keys", {
    data: { name: "e2e merchant", scopes: ["checkout:write", "checkout:read", "refunds:write", "orders:read"] },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { secret } = (await res.json()) as { secret: string };
  const { products } = (await (await admin.request.get("/api/v1/products")).json()) as {
    products: { id: string; sku: string }[];
  };
  await admin.close();
  merchant = await startMerchantBackend(APP, secret, [
    { productId: products.find((p) => p.sku === "TEA-PUER-357")!.id, quantity: 1 },
    { name: "年度会员 Annual plan", unitAmountFen: 9900, quantity: 1 },
  ]);
});
test.afterAll(async () => {
  await merchant?.close();
});

async function shopper(browser: Browser, locale: "zh-CN" | "en-US", extra: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({ locale, baseURL: APP, ...extra });
  return { context, page: await context.newPage() };
}

for (const locale of ["zh-CN", "en-US"] as const) {
  const zh = locale === "zh-CN";
  test(`${locale}: merchant creates a session, the shopper pays on the hosted page and lands on successUrl`, async ({
    browser,
  }) => {
    const { context, page } = await shopper(browser, locale);
    await page.goto(`${merchant.url}/buy`);
    await expect(page).toHaveURL(/\/pay\/cs_[0-9A-Za-z]{24,64}$/);
    const sessionId = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.getByTestId("amount")).toHaveText("¥227.00");
    await expect(page.getByTestId("qr").locator("svg")).toBeVisible();
    // The merchant's lines, shown open; the cancel link goes back to the merchant.
    await expect(page.locator(".pay-items li")).toHaveCount(2);
    await expect(page.locator(".pay-items")).toContainText("年度会员 Annual plan × 1");
    await expect(page.getByTestId("cancel-link")).toHaveAttribute(
      "href",
      `${merchant.url}/cancelled?session=${sessionId}`,
    );
    await expect(page.getByTestId("cancel-link")).toHaveText(
      zh ? "取消支付，返回商户" : "Cancel and return to the merchant",
    );
    await shot(page, `open-${locale}`);
    await expectNoSeriousA11yViolations(page, `hosted /pay/cs_… page, ${locale}`);

    const [scan] = await Promise.all([context.waitForEvent("page"), page.getByTestId("simulator-scan").click()]);
    await scan.getByRole("button", { name: "支付 Pay" }).click();
    await expect(scan.getByText("支付成功 Payment successful")).toBeVisible();
    await scan.close();
    await expect(page.getByTestId("paid")).toBeVisible();
    const back = page.getByTestId("return-to-merchant");
    await expect(back).toHaveText(zh ? "返回商户" : "Return to the merchant");
    await expect(back).toHaveAttribute("href", `${merchant.url}/thanks?session=${sessionId}`);
    await expect(page.getByTestId("paid")).toContainText(zh ? "正在返回商户" : "Taking you back to the merchant");
    await expect(page.getByTestId("cancel-link")).toBeHidden();
    await shot(page, `paid-redirect-${locale}`);

    await expect(page).toHaveURL(`${merchant.url}/thanks?session=${sessionId}`);
    await expect(page.getByTestId("merchant-status")).toHaveText("complete");
    const seen = merchant.returns.find((r) => r.sessionId === sessionId)!;
    expect(seen.session).toMatchObject({ id: sessionId, status: "complete", amountTotalFen: 22700, currency: "CNY" });
    expect(seen.session.paidAt).not.toBeNull();
    expect(seen.session.clientReferenceId).toMatch(/^merchant-order-\d+$/);

    // The merchant's backend refunds part of it through the API (same key replayed: same refund),
    // and WeChat Pay (the simulator) settles it.
    const key = `refund-${sessionId}`;
    const refund = await merchant.api.refund(sessionId, 9900, key);
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect(refund.body).toMatchObject({ object: "refund", amountFen: 9900, checkoutSessionId: sessionId });
    const replay = await merchant.api.refund(sessionId, 9900, key);
    expect([replay.status, replay.body.id]).toEqual([200, refund.body.id]);
    await expect
      .poll(async () => (await merchant.api.getRefund(refund.body.id)).body.status, { timeout: 15_000 })
      .toBe("SUCCESS");
    const order = await merchant.api.getOrder(seen.session.orderNo);
    expect(order.body).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedFen: 9900, checkoutSessionId: sessionId });

    // A complete session's page sends the shopper on to successUrl; expiring it is refused.
    await page.goto(`/pay/${sessionId}`);
    await expect(page).toHaveURL(`${merchant.url}/thanks?session=${sessionId}`);
    const expire = await merchant.api.expireSession(sessionId);
    expect(expire.status).toBe(409);
    await context.close();

    // The admin timeline shows the session behind the order.
    const admin = await browser.newPage();
    await signIn(admin, ADMIN, `/admin/orders/${seen.session.orderNo}`);
    const panel = admin.getByTestId("checkout-session");
    await expect(panel).toContainText(sessionId);
    await expect(panel).toContainText(seen.session.clientReferenceId!);
    await expect(panel).toContainText("channel: e2e");
    await expect(panel).toContainText(`${merchant.url}/thanks?session=${sessionId}`);
    await expect(admin.locator("main")).toContainText("Checkout Session 创建");
    await admin.screenshot({ path: `test-results/screenshots/session-admin-${locale}.png`, fullPage: true });
    await admin.close();
  });

  test(`${locale}: an expired session says so, shows no QR and offers the cancel link`, async ({ browser }) => {
    const { context, page } = await shopper(browser, locale);
    await page.goto(`${merchant.url}/buy?short=1`);
    await expect(page.getByTestId("qr").locator("svg")).toBeVisible();
    const sessionId = new URL(page.url()).pathname.split("/").pop()!;
    const expired = await merchant.api.expireSession(sessionId);
    expect(expired.status).toBe(200);
    expect(expired.body.status).toBe("expired");
    // Idempotent.
    expect((await merchant.api.expireSession(sessionId)).body).toEqual(expired.body);

    await page.reload();
    await expect(page.getByTestId("session-expired")).toContainText(
      zh ? "本次支付已失效" : "This checkout has expired",
    );
    await expect(page.getByTestId("qr")).toHaveCount(0);
    await expect(page.getByTestId("simulator-scan")).toHaveCount(0);
    await shot(page, `expired-${locale}`);
    await expectNoSeriousA11yViolations(page, `hosted page, expired session, ${locale}`);
    await page.getByRole("link", { name: zh ? "返回商户" : "Return to the merchant" }).click();
    await expect(page).toHaveURL(`${merchant.url}/cancelled?session=${sessionId}`);
    await expect(page.getByTestId("merchant-cancelled")).toBeVisible();
    await context.close();
  });
}

test("an unknown session id is the localized 404", async ({ browser }) => {
  for (const [locale, text] of [
    ["zh-CN", "支付链接无效或不存在"],
    ["en-US", "This payment link is not valid"],
  ] as const) {
    const { context, page } = await shopper(browser, locale);
    const res = await page.goto("/pay/cs_000000000000000000000000");
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId("session-not-found")).toHaveText(text);
    expect((await page.goto("/pay/not-a-session"))?.status()).toBe(404);
    await context.close();
  }
});

test("inside WeChat: OAuth comes back to /pay/cs_…, the JSAPI sheet pays, and the shopper lands on successUrl", async ({
  browser,
}) => {
  const { context, page } = await shopper(browser, "zh-CN", {
    userAgent: WECHAT_UA,
    viewport: PHONE_VIEWPORT,
    isMobile: true,
    hasTouch: true,
  });
  await page.goto(`${merchant.url}/buy`);
  await expect(page).toHaveURL(/\/pay\/cs_[0-9A-Za-z]{24,64}(#wechat_redirect)?$/);
  await expect(page.locator("main")).toHaveAttribute("data-channel", "JSAPI");
  const sessionId = new URL(page.url()).pathname.split("/").pop()!;
  const sheet = page.getByRole("dialog");
  await expect(sheet).toBeVisible();
  await shot(page, "jsapi-zh-CN");
  await expectNoSeriousA11yViolations(page, "hosted page, JSAPI sheet");
  await sheet.getByRole("button", { name: "支付 Pay" }).click();
  await expect(page).toHaveURL(new RegExp(`^${merchant.url}/thanks\\?session=${sessionId}`));
  await expect(page.getByTestId("merchant-status")).toHaveText("complete");
  await context.close();
});

test("a phone browser: H5 at WeChat Pay's page, back to /pay/cs_…, then on to successUrl once paid", async ({
  browser,
}) => {
  const { context, page } = await shopper(browser, "zh-CN", {
    userAgent: PHONE_UA,
    viewport: PHONE_VIEWPORT,
    isMobile: true,
    hasTouch: true,
  });
  await page.goto(`${merchant.url}/buy`);
  await expect(page).toHaveURL(new RegExp(`^${SIM}/h5pay\\?`));
  const redirect = new URL(page.url()).searchParams.get("redirect_url")!;
  const sessionId = /\/pay\/(cs_[0-9A-Za-z]+)\?out_trade_no=/.exec(redirect)![1]!;
  await page.getByRole("button", { name: "取消 Cancel" }).click();
  await expect(page).toHaveURL(new RegExp(`/pay/${sessionId}\\?out_trade_no=`));
  await expect(page.getByTestId("h5-return")).toContainText("尚未收到支付结果");
  await expect(page.getByTestId("cancel-link")).toBeVisible();
  await shot(page, "h5-return-zh-CN");
  await expectNoSeriousA11yViolations(page, "hosted page, H5 return");
  await page.getByRole("link", { name: "重新支付" }).click();
  await expect(page).toHaveURL(new RegExp(`^${SIM}/h5pay\\?`));
  await page.getByRole("button", { name: "支付 Pay" }).click();
  await expect(page).toHaveURL(`${merchant.url}/thanks?session=${sessionId}`);
  await expect(page.getByTestId("merchant-status")).toHaveText("complete");
  await context.close();
});
