import { expect, test, type Page } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./axe";
import { createOrder, PHONE_VIEWPORT, shot, sim, WECHAT_UA } from "./checkout-helpers";

// Inside WeChat on a phone: snsapi_base sign-in, then the simulator's bridge shim plays the client.
test.use({ userAgent: WECHAT_UA, viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true });

async function openJsapi(page: Page, orderNo: string) {
  await page.goto(`/orders/${orderNo}`);
  // The authorize URL's #wechat_redirect fragment survives the redirects back, as in WeChat.
  await expect(page).toHaveURL(new RegExp(`/orders/${orderNo}(#wechat_redirect)?$`));
  await expect(page.locator("main")).toHaveAttribute("data-channel", "JSAPI");
  return page.getByRole("dialog");
}

test("JSAPI ok: OAuth, pay sheet, and the page asks the server before calling it paid", async ({ page, context }) => {
  const { orderNo } = await createOrder(page.request, { "TEA-LONGJING-250": 1 });
  const sheet = await openJsapi(page, orderNo);
  const cookies = await context.cookies();
  const openid = cookies.find((c) => c.name === "wx_openid");
  expect(openid?.httpOnly).toBe(true);
  await expect(sheet).toBeVisible();
  await expect(page.getByTestId("amount")).toHaveText("¥268.00");
  await shot(page, "jsapi-sheet");
  await expectNoSeriousA11yViolations(page, "JSAPI order page with the bridge sheet");
  await sheet.getByRole("button", { name: "支付 Pay" }).click();
  await expect(page).toHaveURL(/\/success$/);
  await expect(page.getByTestId("success")).toContainText("支付成功");
  await shot(page, "jsapi-success");
  await expectNoSeriousA11yViolations(page, "JSAPI success, phone");
});

test("JSAPI cancel is shown with a retry that opens the sheet again", async ({ page }) => {
  const { orderNo } = await createOrder(page.request, { "CUP-QINGHUA": 1 });
  const sheet = await openJsapi(page, orderNo);
  await sheet.getByRole("button", { name: "取消 Cancel" }).click();
  await expect(page.getByTestId("jsapi").getByRole("alert")).toHaveText("你已取消支付");
  await shot(page, "jsapi-cancelled");
  await expectNoSeriousA11yViolations(page, "JSAPI cancelled");
  await page.getByRole("button", { name: "重新支付" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "支付 Pay" }).click();
  await expect(page).toHaveURL(/\/success$/);
});

test("JSAPI fail is shown; the retry starts a new attempt and pays", async ({ page, request }) => {
  const { orderNo } = await createOrder(page.request, { "NOTEBOOK-XUAN": 2 });
  await sim(request, "POST", "/_sim/jsapi/fail-next", { count: 1 });
  const sheet = await openJsapi(page, orderNo);
  const first = await page.locator("[data-out-trade-no]").getAttribute("data-out-trade-no");
  await sheet.getByRole("button", { name: "支付 Pay" }).click();
  await expect(page.getByTestId("jsapi").getByRole("alert")).toHaveText("支付失败，请重试");
  await shot(page, "jsapi-failed");
  await expectNoSeriousA11yViolations(page, "JSAPI failed");
  await page.getByRole("button", { name: "重新支付" }).click();
  await expect(page.locator(`[data-out-trade-no]:not([data-out-trade-no="${first}"])`)).toHaveCount(1);
  await page.getByRole("dialog").getByRole("button", { name: "支付 Pay" }).click();
  await expect(page).toHaveURL(/\/success$/);
});

test.describe("mini-program web-view", () => {
  test.use({ userAgent: `${WECHAT_UA} miniProgram/wxdemo` });
  test("hands over to the mini-program's pay page: no sign-in, no prepay, no wx.requestPayment", async ({
    page,
    context,
    request,
  }) => {
    // WeChat's JS-SDK cannot load here (no internet): a stand-in records navigateTo.
    await page.route("https://res.wx.qq.com/**", (r) =>
      r.fulfill({
        contentType: "application/javascript",
        body: "window.wx={miniProgram:{navigateTo:function(o){window.__navigatedTo=o.url;}}};window.__wxjs_environment='miniprogram';",
      }),
    );
    const { orderNo } = await createOrder(page.request, { "TEST-1FEN": 1 });
    await page.goto(`/orders/${orderNo}`);
    await expect(page).toHaveURL(new RegExp(`/orders/${orderNo}$`)); // no OAuth redirect
    const handover = page.getByTestId("miniprogram-handover");
    await expect(handover.getByRole("status")).toContainText("请在小程序中继续支付");
    await expect(page.getByRole("dialog")).toHaveCount(0);
    expect((await context.cookies()).some((c) => c.name === "wx_openid")).toBe(false);
    await shot(page, "miniprogram-handover");
    await expectNoSeriousA11yViolations(page, "mini-program web-view hand-over");
    await handover.getByRole("button", { name: "在小程序中支付" }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __navigatedTo?: string }).__navigatedTo))
      .toBe(`/pages/pay/pay?orderNo=${orderNo}`);
    // Nothing was placed at WeChat Pay for this order.
    const orders = (await sim(request, "GET", "/_sim/orders")) as { out_trade_no: string }[];
    expect(orders.some((o) => o.out_trade_no.startsWith(orderNo.replace("-", "")))).toBe(false);
  });
});

test("the OAuth callback refuses a state that is not ours", async ({ request }) => {
  const res = await request.get("/api/v1/oauth/wechat/callback?code=abc&state=forged", { maxRedirects: 0 });
  expect(res.status()).toBe(401);
  expect((await res.json()).error.code).toBe("UNAUTHORIZED");
  const open = await request.get("/api/v1/oauth/wechat/start?returnTo=https://evil.example/", { maxRedirects: 0 });
  expect(open.status()).toBe(400);
});
