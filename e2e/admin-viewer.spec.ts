import { expect, test } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./axe";
import { ADMIN, adminShot, paidOrder, signIn } from "./admin-helpers";
import { startLiveAndTestServer } from "./live-and-test-server";

test("a viewer, created by an admin on the users page, can read but cannot refund", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  const order = await paidOrder(page, 1);
  const viewer = { email: `viewer-${Date.now()}@demo.local`, password: "viewer-password-1" };
  await page.goto("/admin/users");
  await page.getByLabel("邮箱").fill(viewer.email);
  await page.getByLabel("初始密码（至少 10 位）").fill(viewer.password);
  await page.getByRole("button", { name: "添加账号" }).click();
  await expect(page.getByRole("status")).toContainText(viewer.email);
  await expect(page.getByTestId("users")).toContainText(viewer.email);
  await adminShot(page, "users");
  await expectNoSeriousA11yViolations(page, "admin users");

  const ctx = await browser.newContext({ locale: "zh-CN" });
  const v = await ctx.newPage();
  await signIn(v, viewer, `/admin/orders/${order.orderNo}`);
  await expect(v.getByText("只读账号不能发起退款")).toBeVisible();
  await expect(v.getByRole("button", { name: "下一步" })).toHaveCount(0);
  await expect(v.getByRole("link", { name: "账号" })).toHaveCount(0);

  const refund = await v.request.post("/api/v1/payments/wechat/refund", {
    data: { outTradeNo: order.outTradeNo, amountFen: 1, reason: "viewer" },
  });
  expect(refund.status()).toBe(403);
  expect(await refund.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
  expect(
    (
      await v.request.post("/api/v1/admin/users", {
        data: { email: "x2@demo.local", password: "0123456789", role: "ADMIN" },
      })
    ).status(),
  ).toBe(403);
  expect((await v.request.post("/api/v1/admin/reconciliation", { data: { billDate: "2026-11-25" } })).status()).toBe(
    403,
  );
  expect((await v.request.get("/api/v1/admin/orders")).status()).toBe(200);
  await v.goto("/admin/users");
  await expect(v).toHaveURL(/\/admin\?denied=1$/);
  await expect(v.locator("main").getByRole("alert")).toHaveText("当前账号没有此操作的权限");
  // Demo mode is test mode only: the TEST bar and the mode, nothing to switch; no deleting for viewers.
  await expect(v.getByTestId("test-bar")).toBeVisible();
  await expect(v.getByTestId("mode-fixed")).toHaveText("测试数据（演示模式仅有测试模式）");
  await expect(v.getByTestId("mode-switch")).toHaveCount(0);
  await expect(v.getByTestId("delete-test-data")).toHaveCount(0);

  const detail = await (await v.request.get(`/api/v1/admin/orders/${order.orderNo}`)).json();
  expect(detail.order.payments[0].refunds).toHaveLength(0);

  // The admin disables the viewer on the users page: the viewer's next request finds no session.
  await page.goto("/admin/users");
  const row = page.getByRole("group", { name: `操作: ${viewer.email}` });
  await row.getByRole("button", { name: "停用" }).click();
  await expect(row.getByRole("button", { name: "启用" })).toBeVisible();
  await v.goto("/admin/orders");
  await expect(v).toHaveURL(/\/admin\/sign-in\?callbackUrl=%2Fadmin%2Forders$/);
  await ctx.close();
});

test("a live deployment with TEST_MODE=1: the switch shows one mode's data at a time; deleting test data leaves live", async ({
  browser,
}) => {
  const app = await startLiveAndTestServer();
  test.skip(!app, "needs the local PostgreSQL");
  try {
    const ctx = await browser.newContext({ baseURL: app!.url, locale: "zh-CN" });
    const page = await ctx.newPage();
    await signIn(page, app!.admin, "/admin/orders");
    // A live order from the storefront, and a test one from a test key's Checkout Session.
    const { products } = (await (await page.request.get("/api/v1/products")).json()) as { products: { id: string }[] };
    const live = await page.request.post("/api/v1/orders", {
      data: { items: [{ productId: products[0]!.id, quantity: 1 }] },
    });
    expect(live.status(), await live.text()).toBe(201);
    const liveNo = ((await live.json()) as { orderNo: string }).orderNo;
    const key = await page.request.post("/api/v1/admin/api-keys", {
      data: { name: "test backend", scopes: ["checkout:write"], mode: "test" },
    });
    const { secret } = (await key.json()) as { secret: string };
    expect(secret).toMatch(/^sk_test_/);
    const session = await page.request.post("/api/v1/checkout/sessions", {
      headers: { Authorization: `Bearer ${secret}` },
      data: {
        lineItems: [{ name: "测试商品", unitAmountFen: 123, quantity: 1 }],
        successUrl: "https://shop.example/ok",
      },
    });
    expect(session.status(), await session.text()).toBe(201);
    const testSession = (await session.json()) as { orderNo: string; livemode: boolean };
    expect(testSession.livemode).toBe(false);
    const testNo = testSession.orderNo;

    // The live view (the default of a live deployment): no bar, live data only.
    await page.goto("/admin/orders");
    await expect(page.getByTestId("test-bar")).toHaveCount(0);
    await expect(page.getByTestId("mode-switch")).toContainText("正式数据");
    await expect(page.locator("main tbody")).toContainText(liveNo);
    await expect(page.locator("main tbody")).not.toContainText(testNo);

    await page.getByRole("button", { name: "查看测试数据" }).click();
    await expect(page).toHaveURL(/\/admin\/orders$/);
    await expect(page.getByTestId("test-bar")).toBeVisible();
    await expect(page.locator("main tbody tr")).toHaveCount(1);
    await expect(page.locator("main tbody")).not.toContainText(liveNo);
    await adminShot(page, "orders-test-view");
    await expectNoSeriousA11yViolations(page, "admin orders, test view of a live deployment");
    await expect(page.locator("main tbody")).toContainText(testNo);

    // A live order opened by URL in the test view: it opens, and says it is of the other mode.
    await page.goto(`/admin/orders/${liveNo}`);
    await expect(page.getByTestId("other-mode")).toContainText("正式");

    await page.goto("/admin");
    const panel = page.getByTestId("delete-test-data");
    await panel.getByRole("button", { name: "删除全部测试数据…" }).click();
    await panel.getByRole("button", { name: "删除", exact: true }).click();
    await expect(panel.getByRole("status")).toContainText("已删除：1 个订单");
    await page.goto("/admin/orders");
    await expect(page.getByText("没有符合条件的订单")).toBeVisible();
    await page.getByRole("button", { name: "返回正式数据" }).click();
    await expect(page.getByTestId("test-bar")).toHaveCount(0);
    await expect(page.locator("main tbody")).toContainText(liveNo);
    await adminShot(page, "orders-live-view");
    await ctx.close();
  } finally {
    await app?.stop();
  }
});
