import { expect, test } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./axe";
import { createOrder, shot, shownOutTradeNo, sim } from "./checkout-helpers";

test("desktop: catalog → cart → Native QR → paid on the simulator's scan page; the page turns to paid by itself", async ({
  page,
  context,
}) => {
  await page.goto("/");
  await page.locator('[data-sku="TEA-PUER-357"]').getByRole("button", { name: "加入购物车" }).click();
  await page.locator('[data-sku="TEA-PUER-357"]').getByRole("button", { name: "已加入" }).click();
  await page.locator('[data-sku="CUP-QINGHUA"]').getByRole("button", { name: "加入购物车" }).click();
  await expect(page.getByTestId("cart-count")).toHaveText("3");
  await page.getByTestId("cart-link").click();
  await expect(page.getByTestId("cart-line")).toHaveCount(2);
  await expect(page.getByTestId("cart-total")).toHaveText("¥344.00");
  await shot(page, "cart");
  await expectNoSeriousA11yViolations(page, "cart");
  await page.getByRole("button", { name: "去结算" }).click();

  await expect(page).toHaveURL(/\/orders\/\d{8}-[0-9A-Z]{8}$/);
  await expect(page.getByTestId("amount")).toHaveText("¥344.00");
  await expect(page.getByTestId("description")).toHaveText("云南普洱茶饼 357克 等3件");
  await expect(page.getByTestId("qr").locator("svg")).toBeVisible();
  await expect(page.getByTestId("countdown")).toHaveText(/^1[45]:\d\d$/);
  await expect(page.locator(".scan-hint")).toHaveText("请使用微信扫一扫，扫描二维码完成支付");
  const outTradeNo = await shownOutTradeNo(page);
  await shot(page, "desktop-qr");
  await expectNoSeriousA11yViolations(page, "order page, Native QR");

  // A reload shows the same attempt while it is valid.
  await page.reload();
  expect(await shownOutTradeNo(page)).toBe(outTradeNo);

  const [scan] = await Promise.all([context.waitForEvent("page"), page.getByTestId("simulator-scan").click()]);
  await expect(scan.getByText("¥344.00")).toBeVisible();
  await expectNoSeriousA11yViolations(scan, "simulator scan page");
  await scan.getByRole("button", { name: "支付 Pay" }).click();
  await expect(scan.getByText("支付成功 Payment successful")).toBeVisible();
  await expectNoSeriousA11yViolations(scan, "simulator payment result");
  await scan.close();

  await expect(page).toHaveURL(/\/success$/);
  await expect(page.getByTestId("success")).toContainText("支付成功");
  await expect(page.getByTestId("success").getByTestId("amount")).toHaveText("¥344.00");
  await shot(page, "success");
  await expectNoSeriousA11yViolations(page, "success (paid)");

  const status = await (await page.request.get(`/api/v1/payments/wechat/payment/${outTradeNo}`)).json();
  expect(status).toMatchObject({ outTradeNo, status: "PAID", orderStatus: "PAID", amountFen: 34400 });
  expect(status.paidAt).not.toBeNull();
  // A paid order's payment page goes straight to the success page; no new prepay.
  await page.goto(`/orders/${status.orderNo}`);
  await expect(page).toHaveURL(/\/success\?already=1$/);
  await expect(page.getByTestId("already-paid")).toHaveText("订单已支付，无需重复支付");
  await shot(page, "already-paid");
  await expectNoSeriousA11yViolations(page, "success, already paid");
  const again = await page.request.post("/api/v1/payments/wechat/native", { data: { orderNo: status.orderNo } });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.code).toBe("ORDER_ALREADY_PAID");
});

test("an expired code offers a new one: the old attempt is closed and a new out_trade_no is shown", async ({
  page,
  request,
}) => {
  const { orderNo } = await createOrder(request, { "NOTEBOOK-XUAN": 1 });
  await page.goto(`/orders/${orderNo}`);
  const first = await shownOutTradeNo(page);
  await sim(request, "POST", `/_sim/orders/${first}/expire`);
  // No notification on expiry (as in production): the worker's scheduled query (10 s after the
  // attempt was created) finds it, and the stream tells the page; page reads never query.
  await expect(page.getByTestId("expired")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText("二维码已过期")).toBeVisible();
  await shot(page, "expired");
  await expectNoSeriousA11yViolations(page, "order page, QR expired (closed attempt)");
  await page.getByRole("button", { name: "刷新二维码" }).click();
  await expect(page.getByTestId("qr")).toBeVisible();
  const second = await shownOutTradeNo(page);
  expect(second).not.toBe(first);
  expect((await (await request.get(`/api/v1/payments/wechat/payment/${first}`)).json()).status).toBe("CLOSED");

  await sim(request, "POST", `/_sim/orders/${second}/pay`);
  await expect(page).toHaveURL(/\/success$/);
});

test("a notification that never arrives still ends in paid through the worker's active query", async ({
  page,
  request,
}) => {
  const { orderNo } = await createOrder(request, { "TEST-1FEN": 1 });
  await page.goto(`/orders/${orderNo}`);
  const outTradeNo = await shownOutTradeNo(page);
  await sim(request, "POST", "/_sim/notifications/hold");
  try {
    await sim(request, "POST", `/_sim/orders/${outTradeNo}/pay`);
    // The worker's first scheduled query is 10 s after the attempt was created.
    await expect(page.getByTestId("paid").or(page.getByTestId("success"))).toBeVisible({ timeout: 15_000 });
    // The notification exists but was never sent: "paid" came from the worker's query.
    const deliveries: { out_trade_no: string; status: string; attempts: unknown[] }[] = await sim(
      request,
      "GET",
      "/_sim/deliveries",
    );
    const mine = deliveries.find((d) => d.out_trade_no === outTradeNo);
    expect(mine).toMatchObject({ status: "held", attempts: [] });
  } finally {
    await sim(request, "POST", "/_sim/notifications/release");
  }
  await expect(page).toHaveURL(/\/success$/);
});

test("the payment page in English by Accept-Language", async ({ browser, request }) => {
  const { orderNo } = await createOrder(request, { "TEA-PUER-357": 1 });
  const context = await browser.newContext({
    locale: "en-US",
    extraHTTPHeaders: { "Accept-Language": "en-US,en;q=0.9" },
  });
  const page = await context.newPage();
  await page.goto(`/orders/${orderNo}`);
  await expect(page.getByText("Amount due")).toBeVisible();
  await expect(page.locator(".scan-hint")).toHaveText("Open WeChat and scan the code to pay");
  await expect(page.getByTestId("simulator-scan")).toHaveText("Scan in the simulator (demo)");
  await shot(page, "desktop-qr-en");
  await expectNoSeriousA11yViolations(page, "order page, Native QR, en");
  await context.close();
});
