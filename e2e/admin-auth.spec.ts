import { expect, test } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./axe";
import { ADMIN, adminShot } from "./admin-helpers";

const PAGES = [
  "/admin",
  "/admin/orders",
  "/admin/orders/20261126-ABCD1234",
  "/admin/reconciliation",
  "/admin/audit",
  "/admin/users",
];

const ROUTES: { method: "GET" | "POST"; url: string; data?: unknown }[] = [
  { method: "GET", url: "/api/v1/admin/orders" },
  { method: "GET", url: "/api/v1/admin/orders/export" },
  { method: "GET", url: "/api/v1/admin/orders/20261126-ABCD1234" },
  { method: "GET", url: "/api/v1/admin/refunds/RF20261126abcdef" },
  { method: "GET", url: "/api/v1/admin/dashboard" },
  { method: "GET", url: "/api/v1/admin/audit" },
  { method: "GET", url: "/api/v1/admin/reconciliation" },
  { method: "POST", url: "/api/v1/admin/reconciliation", data: { billDate: "2026-11-25" } },
  { method: "GET", url: "/api/v1/admin/users" },
  {
    method: "POST",
    url: "/api/v1/admin/users",
    data: { email: "x@demo.local", password: "0123456789", role: "ADMIN" },
  },
  {
    method: "POST",
    url: "/api/v1/payments/wechat/refund",
    data: { outTradeNo: "OTN0000000001", amountFen: 1, reason: "x" },
  },
];

test("signed out: every admin page redirects to sign-in, every admin route answers 401 JSON", async ({
  page,
  request,
}) => {
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page, path).toHaveURL(
      (u) => u.pathname === "/admin/sign-in" && u.searchParams.get("callbackUrl") === path,
    );
    await expect(page.getByRole("button", { name: "登录" })).toBeVisible();
  }
  for (const r of ROUTES) {
    const res = await request.fetch(r.url, { method: r.method, data: r.data, maxRedirects: 0 });
    expect(res.status(), `${r.method} ${r.url}`).toBe(401);
    expect(await res.json(), `${r.method} ${r.url}`).toMatchObject({ error: { code: "UNAUTHORIZED" } });
  }
  // A forged session cookie is no session.
  const forged = await request.fetch("/api/v1/admin/orders", {
    headers: { cookie: "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.x.y.z.w" },
  });
  expect(forged.status()).toBe(401);
});

test("sign-in: a wrong password is refused with a message; the right one opens the dashboard", async ({ page }) => {
  await page.goto("/admin/sign-in");
  await adminShot(page, "sign-in");
  await expectNoSeriousA11yViolations(page, "admin sign-in");
  await page.getByLabel("邮箱").fill(ADMIN.email);
  await page.getByLabel("密码").fill("not-the-password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText("邮箱或密码不正确");
  await expect(page).toHaveURL(/\/admin\/sign-in/);

  await page.getByLabel("密码").fill(ADMIN.password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((u) => u.pathname === "/admin");
  await expect(page.getByRole("heading", { name: "概览" })).toBeVisible();
  await expect(page.getByRole("img", { name: "近 7 天成交额与成功率" })).toBeVisible();

  // Signing out ends the session on the server side too.
  await page.getByRole("button", { name: "退出登录" }).click();
  await page.waitForURL(/\/admin\/sign-in/);
  expect((await page.request.get("/api/v1/admin/orders")).status()).toBe(401);
});
