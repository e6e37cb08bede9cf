import { expect, test } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./axe";
import { ADMIN, adminShot, json, paidOrder, SIM, signIn } from "./admin-helpers";

test("an admin finds a paid order, refunds part, watches SUCCESS, refunds the rest: the order is REFUNDED", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, ADMIN);
  const order = await paidOrder(page, 3);
  const part = Math.floor(order.totalFen / 3);

  // Find it by out_trade_no in the orders list.
  await page.goto("/admin/orders");
  await page.getByLabel("订单号 / 商户单号 / 微信支付单号").fill(order.outTradeNo);
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.getByRole("link", { name: order.orderNo })).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await adminShot(page, "orders");
  await expectNoSeriousA11yViolations(page, "admin orders");
  await page.getByRole("link", { name: order.orderNo }).click();
  await page.waitForURL(`**/admin/orders/${order.orderNo}`);
  await expect(page.getByTestId("refundable")).toHaveText(`¥${(order.totalFen / 100).toFixed(2)}`);

  // Bad amounts never reach the server.
  const amount = page.getByRole("textbox", { name: "退款金额（元）" });
  await amount.fill("1.234");
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText("金额最多两位小数");
  await amount.fill(`${(order.totalFen / 100 + 1).toFixed(2)}`);
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText("超过可退金额");

  // Part of it, with a reason and the confirmation step.
  await amount.fill((part / 100).toFixed(2));
  await page.getByRole("textbox", { name: "退款原因（选填，最多 80 字）" }).fill("顾客退回一件");
  await page.getByRole("button", { name: "下一步" }).click();
  const dialog = page.getByRole("dialog", { name: "确认退款" });
  await expect(dialog.getByTestId("confirm-amount")).toHaveText(`¥${(part / 100).toFixed(2)}`);
  await adminShot(page, "refund-confirm");
  await expectNoSeriousA11yViolations(page, "admin order detail, refund confirmation");
  await dialog.getByRole("button", { name: "确认退款" }).click();
  await expect(page.getByTestId("refund-status")).toHaveAttribute("data-status", "SUCCESS", { timeout: 20_000 });

  // The simulator's REFUND.SUCCESS notification is on the timeline, verified.
  const timeline = page.getByTestId("timeline");
  await expect(timeline.locator('li[data-type="REFUND.SUCCESS"]')).toHaveCount(1, { timeout: 10_000 });
  await expect(timeline.locator('li[data-type="REFUND.SUCCESS"]')).toContainText("验签通过");
  await expect(timeline.locator('li[data-type="TRANSACTION.SUCCESS"]')).toHaveCount(1);
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "PARTIALLY_REFUNDED");

  // The rest: "full refund" fills exactly what remains.
  await page.getByRole("button", { name: "继续退款" }).click();
  await expect(page.getByTestId("refundable")).toHaveText(`¥${((order.totalFen - part) / 100).toFixed(2)}`);
  await page.getByRole("button", { name: "全额退款" }).click();
  await expect(amount).toHaveValue(((order.totalFen - part) / 100).toFixed(2));
  await page.getByRole("button", { name: "下一步" }).click();
  // WeChat Pay takes one new refund per order per minute: the simulator's clock moves on for it.
  const clock = (seconds: number) => page.request.post(`${SIM}/_sim/clock/advance`, { data: { seconds } });
  expect((await clock(61)).ok()).toBe(true);
  await page.getByRole("dialog", { name: "确认退款" }).getByRole("button", { name: "确认退款" }).click();
  await expect(page.getByTestId("refund-status")).toHaveAttribute("data-status", "SUCCESS", { timeout: 20_000 });
  await clock(-61);
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "REFUNDED");
  await expect(page.getByTestId("refunds").locator("tbody tr")).toHaveCount(2);
  await expect(page.getByText("已无可退金额")).toBeVisible();
  await expect(page.getByRole("button", { name: "继续退款" })).toHaveCount(0);
  // The events the merchant's systems were sent, one per change (the outbox).
  const events = page.getByTestId("order-events");
  await expect(events.getByRole("link", { name: "payment.succeeded" })).toHaveCount(1);
  await expect(events.getByRole("link", { name: "refund.created" })).toHaveCount(2);
  await expect(events.getByRole("link", { name: "refund.succeeded" })).toHaveCount(2, { timeout: 10_000 });
  await adminShot(page, "order-detail");
  await expectNoSeriousA11yViolations(page, "admin order detail");
  await events.getByRole("link", { name: "payment.succeeded" }).click();
  await page.waitForURL(/\/admin\/events\/evt_[0-9A-Za-z]{24}$/);
  await expect(page.getByTestId("event-type")).toHaveText("payment.succeeded");
  // Rendered with the order's current state: refunded by now.
  await expect(page.getByTestId("event-json")).toContainText(`"orderNo": "${order.orderNo}"`);
  await expect(page.getByTestId("event-json")).toContainText(`"status": "REFUNDED"`);
  await adminShot(page, "order-event");
  await page.goBack();

  // Nothing more can be refunded, whatever the client sends.
  const more = await page.request.post("/api/v1/payments/wechat/refund", {
    data: { outTradeNo: order.outTradeNo, amountFen: 1, reason: "" },
  });
  expect(more.status()).toBe(409);

  // The same order at phone width.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await adminShot(page, "order-detail-phone");
  await expectNoSeriousA11yViolations(page, "admin order detail, phone");
  await page.goto(`/admin/orders?q=${order.orderNo}`);
  await expect(page.getByRole("link", { name: order.orderNo })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/admin-orders-phone.png" });
  await expectNoSeriousA11yViolations(page, "admin orders, phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  // The audit log names who refunded what.
  await page.goto(`/admin/audit?orderNo=${order.orderNo}`);
  await expect(page.getByTestId("audit").locator("tbody tr", { hasText: "发起退款" })).toHaveCount(2);
  await expect(page.getByTestId("audit")).toContainText(ADMIN.email);
  await page.goto("/admin/audit");
  await adminShot(page, "audit");
  await expectNoSeriousA11yViolations(page, "admin audit log");
});

test("refund API: the Idempotency-Key makes a retried request the same refund; other content under it is a 409", async ({
  page,
}) => {
  await signIn(page, ADMIN);
  const order = await paidOrder(page, 1);
  const body = { outTradeNo: order.outTradeNo, amountFen: 1, reason: "重试" };
  const headers = { "Idempotency-Key": `e2e-${order.outTradeNo}` };
  const [a, b] = await Promise.all([
    page.request.post("/api/v1/payments/wechat/refund", { data: body, headers }),
    page.request.post("/api/v1/payments/wechat/refund", { data: body, headers }),
  ]);
  expect(a.ok() && b.ok()).toBe(true);
  const [ra, rb] = [await a.json(), await b.json()];
  expect(ra.outRefundNo).toBe(rb.outRefundNo);
  expect(ra.outRefundNo).toMatch(/^[0-9A-Za-z]{1,64}$/);
  const other = await page.request.post("/api/v1/payments/wechat/refund", { data: { ...body, amountFen: 2 }, headers });
  expect(other.status()).toBe(409);
  expect(await other.json()).toMatchObject({ error: { code: "IDEMPOTENCY_KEY_REUSED" } });
  const bad = await page.request.post("/api/v1/payments/wechat/refund", { data: { ...body, amountFen: 1.5 } });
  expect(bad.status()).toBe(400);
  const detail = await json(page.request, `/api/v1/admin/orders/${order.orderNo}`);
  expect(detail.order.payments[0].refunds).toHaveLength(1);
});

test("dashboard, CSV export of the current filter, and reconciliation run now", async ({ page }) => {
  await signIn(page, ADMIN);
  const order = await paidOrder(page, 1);
  await page.goto("/admin");
  await expect(page.getByTestId("today-volume")).not.toHaveText("¥0.00");
  await adminShot(page, "dashboard");
  await expectNoSeriousA11yViolations(page, "admin dashboard");

  // English on request (the header's toggle sets this cookie).
  await page.context().addCookies([{ name: "lang", value: "en", url: page.url() }]);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Orders" })).toBeVisible();
  await adminShot(page, "dashboard-en");
  await expectNoSeriousA11yViolations(page, "admin dashboard, en");
  await page.context().clearCookies({ name: "lang" });

  const csv = await page.request.get(`/api/v1/admin/orders/export?q=${order.orderNo}`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text())
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(lines[0]).toMatch(/^order_no,status,total_fen/);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`${order.orderNo},PAID,${order.totalFen},`);
  expect(lines[1]).toContain(order.outTradeNo);

  await page.goto("/admin/reconciliation");
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  await expect(page.getByLabel("对账日期")).toHaveValue(today);
  await page.getByRole("button", { name: "立即对账" }).click();
  const row = page.getByTestId("reports").locator("tbody tr", { hasText: today }).first();
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", /MATCHED|MISMATCHED/);
  await expect(row).toContainText(ADMIN.email);
  // Beside the trade bill, the basic account's fund flow: fees and net settlement of the day.
  await expect(row.getByTestId("fees")).toHaveText(/^-?¥[\d,]+\.\d\d$/);
  await expect(row.getByTestId("settled")).toHaveText(/^-?¥[\d,]+\.\d\d$/);
  await adminShot(page, "reconciliation");
  await expectNoSeriousA11yViolations(page, "admin reconciliation");
});

test("an abnormal refund (the payer's card closed) is sent again to a bank card from the order page", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await signIn(page, ADMIN);
  const order = await paidOrder(page, 1);
  const res = await page.request.post("/api/v1/payments/wechat/refund", {
    data: { outTradeNo: order.outTradeNo, amountFen: order.totalFen, reason: "" },
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
  const { outRefundNo } = (await res.json()) as { outRefundNo: string };
  // WeChat Pay cannot return the money: ABNORMAL (before its 500 ms settlement).
  expect((await page.request.post(`${SIM}/_sim/refunds/${outRefundNo}/abnormal`, { data: {} })).ok()).toBe(true);

  await page.goto(`/admin/orders/${order.orderNo}`);
  const form = page.getByRole("form", { name: `重新发起异常退款 ${outRefundNo}` });
  await expect(form).toBeVisible({ timeout: 15_000 });
  await form.getByLabel("银行类型（微信支付银行编码，如 ICBC_DEBIT）").fill("ICBC_DEBIT");
  await form.getByLabel("银行卡号").fill("6222 0202 0001 2345 678");
  await form.getByLabel("持卡人姓名").fill("张三");
  await adminShot(page, "abnormal-refund");
  await expectNoSeriousA11yViolations(page, "admin order with an abnormal refund");
  await form.getByRole("button", { name: "提交" }).click();
  await expect(form.getByRole("status")).toContainText("已提交微信支付");
  // The simulator decrypted the card (RSA-OAEP with its key) and settles it: SUCCESS arrives.
  const simRefund = (await (await page.request.get(`${SIM}/_sim/refunds`)).json()) as {
    out_refund_no: string;
    abnormal_retry: { account_last4?: string; real_name?: string } | null;
  }[];
  expect(simRefund.find((r) => r.out_refund_no === outRefundNo)?.abnormal_retry).toMatchObject({
    account_last4: "5678",
    real_name: "张三",
  });
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId("refunds").locator("tbody tr").first().textContent();
      },
      { timeout: 15_000 },
    )
    .toContain("退款成功");
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "REFUNDED");
});
