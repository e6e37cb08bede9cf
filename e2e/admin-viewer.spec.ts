import { expect, test } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./axe";
import { ADMIN, adminShot, paidOrder, signIn } from "./admin-helpers";

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
  // The test view's dashboard: the TEST bar for everyone, "delete all test data" for admins only.
  await expect(v.getByTestId("test-bar")).toBeVisible();
  await expect(v.getByTestId("delete-test-data")).toHaveCount(0);

  const detail = await (await v.request.get(`/api/v1/admin/orders/${order.orderNo}`)).json();
  expect(detail.order.payments[0].refunds).toHaveLength(0);
  await ctx.close();
});

test("demo mode: the console is the test view (TEST bar, no switch), and an admin deletes all test data", async ({
  page,
}) => {
  await signIn(page, ADMIN);
  const order = await paidOrder(page, 1);
  await page.goto("/admin");
  await expect(page.getByTestId("test-bar")).toContainText("你正在查看测试数据");
  // Only test mode runs here: the mode is shown, with nothing to switch to.
  await expect(page.getByTestId("mode-fixed")).toHaveText("测试数据（演示模式仅有测试模式）");
  await expect(page.getByTestId("mode-switch")).toHaveCount(0);
  const toLive = await page.request.post("/api/v1/admin/mode", { form: { mode: "live" }, maxRedirects: 0 });
  expect([toLive.status(), (await toLive.json()).error.code]).toEqual([400, "MODE_UNAVAILABLE"]);

  await page.goto(`/admin/orders/${order.orderNo}`);
  await expect(page.getByRole("heading", { level: 1 }).getByTestId("test-badge")).toHaveText("测试");
  await page.goto(`/admin/orders?q=${order.orderNo}`);
  await expect(page.getByRole("link", { name: order.orderNo })).toBeVisible();

  await page.goto("/admin");
  const panel = page.getByTestId("delete-test-data");
  await panel.getByRole("button", { name: "删除全部测试数据…" }).click();
  await expect(panel.getByRole("group", { name: "删除全部测试数据" })).toContainText("此操作无法撤销");
  await adminShot(page, "delete-test-data-confirm");
  await expectNoSeriousA11yViolations(page, "admin dashboard, test view, delete confirmation");
  await panel.getByRole("button", { name: "删除", exact: true }).click();
  await expect(panel.getByRole("status")).toContainText(/已删除：[1-9]\d* 个订单/);
  await adminShot(page, "delete-test-data-done");

  await page.goto(`/admin/orders?q=${order.orderNo}`);
  await expect(page.getByText("没有符合条件的订单")).toBeVisible();
  expect((await page.request.get(`/api/v1/admin/orders/${order.orderNo}`)).status()).toBe(404);
  const audit = (await (await page.request.get("/api/v1/admin/audit")).json()) as { rows: { action: string }[] };
  expect(audit.rows[0]?.action).toBe("TEST_DATA_DELETED");
});
