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

test("the decline control says so, and the same code can still be paid, as in WeChat", async ({ page }) => {
  const { orderNo } = await createOrder(page.request, { "TEA-PUER-357": 1 });
  await page.goto(`/orders/${orderNo}`);
  const controls = page.getByTestId("test-controls");
  await controls.getByTestId("test-fail").click();
  await expect(page.getByTestId("test-note")).toContainText(/银行拒绝|declined/);
  await expect(page.getByTestId("pending")).toBeVisible();
  await shot(page, "test-mode-declined");
  await controls.getByTestId("test-pay").click();
  await expect(page).toHaveURL(/\/success$/);
});
