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
