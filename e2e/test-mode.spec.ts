import { expect, test } from "./fixtures";
import { createOrder, shot, shownOutTradeNo } from "./checkout-helpers";

// Demo mode is test mode: every order is test data, marked TEST, with the test page's controls
// beside the simulator's QR. The controls act through the app and the simulator's control API,
// and the page turns paid from the real (signed, verified) notification.

test("a test order is marked TEST and the controls pay it: delivered twice, applied once", async ({
  page,
  request,
}) => {
  const { orderNo } = await createOrder(request, { "TEA-PUER-357": 1 });
  await page.goto(`/orders/${orderNo}`);
  await expect(page.getByTestId("test-badge")).toBeVisible();
  const controls = page.getByTestId("test-controls");
  await expect(controls.getByRole("heading", { name: /测试模式|Test mode/ })).toBeVisible();
  const outTradeNo = await shownOutTradeNo(page);
  await shot(page, "test-mode-order");

  await controls.getByTestId("test-pay-notify-twice").click();
  await expect(page).toHaveURL(/\/success$/);
  const status = await request.get(`/api/v1/payments/wechat/payment/${outTradeNo}`);
  expect(((await status.json()) as { status: string }).status).toBe("PAID");
});

test("the decline control fails the attempt as the bank would, and the order can be paid anew", async ({
  page,
  request,
}) => {
  const { orderNo } = await createOrder(request, { "TEA-PUER-357": 1 });
  await page.goto(`/orders/${orderNo}`);
  const first = await shownOutTradeNo(page);
  await page.getByTestId("test-controls").getByTestId("test-fail").click();
  // The status stream reports FAILED: the page says so and offers a new code (a new attempt).
  await expect(page.getByTestId("expired")).toContainText(/支付失败|failed/i);
  await shot(page, "test-mode-declined");
  await page.getByTestId("expired").getByRole("link").or(page.getByTestId("expired").getByRole("button")).click();
  await expect(page.getByTestId("test-controls")).toBeVisible();
  expect(await shownOutTradeNo(page)).not.toBe(first);
});
