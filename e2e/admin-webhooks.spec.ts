import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "./fixtures";
import { ADMIN, adminShot, signIn } from "./admin-helpers";
import { expectNoSeriousA11yViolations } from "./axe";

const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;

/**
 * An admin API call from the page itself (its cookies, its origin). Playwright's own request
 * context can reuse a keep-alive socket the server has just closed after a quiet spell (ECONNRESET).
 */
async function call(
  page: Page,
  method: string,
  url: string,
  data?: unknown,
): Promise<{ status: number; text: string }> {
  return page.evaluate(
    async ([m, u, d]) => {
      const res = await fetch(u as string, {
        method: m as string,
        headers: d === undefined ? undefined : { "Content-Type": "application/json" },
        body: d === undefined ? undefined : JSON.stringify(d),
      });
      return { status: res.status, text: await res.text() };
    },
    [method, url, data] as const,
  );
}

// A receiver on this machine: demo mode allows plain-http loopback endpoints. It answers 200 to
// whatever arrives; this spec asserts only what the admin side does (the engine is separate).
let receiver: Server;
let hookUrl: string;
test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "Content-Type": "text/plain" }).end("ok"));
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
test.afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

test("an admin adds a webhook endpoint (secret shown once), sends a test, rotates, disables and deletes it", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN, "/admin/webhooks");
  await expect(page.getByRole("heading", { name: "Webhook 端点", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "admin" }).getByRole("link", { name: "Webhook" })).toHaveAttribute(
    "aria-current",
    "page",
  );

  // Refused in the page: no event chosen; then a plain-http address that is not loopback.
  await page.getByLabel("接收地址").fill("http://10.0.0.1/hook");
  await page.getByRole("button", { name: "添加端点" }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText("请至少选择一种事件");
  await page.getByRole("checkbox", { name: /^payment\.succeeded\b/ }).check();
  await page.getByRole("button", { name: "添加端点" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("loopback");
  await expect(page.getByTestId("webhook-endpoints")).toHaveCount(0);

  // A loopback receiver: created, the secret shown once with a working copy button.
  await page.getByLabel("接收地址").fill(hookUrl);
  await page.getByLabel("备注").fill("e2e 接收方");
  await page.getByRole("checkbox", { name: /^refund\.succeeded\b/ }).check();
  await page.getByRole("button", { name: "添加端点" }).click();
  const box = page.getByTestId("new-secret-box");
  await expect(box).toContainText("这是唯一一次显示完整密钥");
  const secret = await page.getByTestId("new-secret").inputValue();
  expect(secret).toMatch(SECRET);
  const row = page.locator("tr[data-endpoint-id]", { hasText: hookUrl });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("secret-hint")).toHaveText(`whsec_…${secret.slice(-4)}`);
  await expect(row.getByTestId("endpoint-state")).toHaveAttribute("data-state", "enabled");
  await expect(row).toContainText("payment.succeeded");
  await expect(row).toContainText("e2e 接收方");
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await box.getByRole("button", { name: "复制" }).click();
  await expect(box.getByRole("button", { name: "已复制" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await adminShot(page, "webhooks-secret-zh");
  await expectNoSeriousA11yViolations(page, "admin webhooks, new secret");
  const id = (await row.getAttribute("data-endpoint-id"))!;
  expect(id).toMatch(/^we_[0-9A-Za-z]{24}$/);

  // Reload: the secret is gone for good; the API never returns it either.
  await page.reload();
  await expect(page.getByTestId("new-secret-box")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  const listed = await call(page, "GET", "/api/v1/admin/webhook-endpoints");
  expect(listed.status).toBe(200);
  expect(listed.text).toContain(id);
  expect(listed.text).not.toContain(secret.slice(6, 40));

  // Send test: a ping delivery is listed on the endpoint page (PENDING, or DELIVERED once sent).
  await row.getByRole("link", { name: hookUrl }).click();
  await page.waitForURL(`**/admin/webhooks/${id}`);
  await page.getByRole("button", { name: "发送测试事件" }).click();
  await expect(page.getByTestId("action-message")).toContainText("测试事件已排队");
  const ping = page.locator('[data-testid="deliveries"] tr[data-event-type="ping"]');
  await expect(ping).toHaveCount(1);
  await expect(ping.locator("[data-status]")).toHaveAttribute("data-status", /^(PENDING|DELIVERED)$/);
  await adminShot(page, "webhook-endpoint-zh");
  await expectNoSeriousA11yViolations(page, "admin webhook endpoint");

  // The event page: its type, the JSON rendered as webhooks carry it, the delivery and Resend now.
  await ping.getByRole("link").click();
  await page.waitForURL(/\/admin\/events\/evt_/);
  await expect(page.getByTestId("event-type")).toHaveText("ping");
  await expect(page.getByTestId("event-json")).toContainText(`"endpointId": "${id}"`);
  await expect(page.locator("[data-delivery-id]")).toHaveCount(1);
  await page.getByRole("button", { name: "立即重发" }).click();
  await expect(page.getByRole("status")).toHaveText("已排队，等待投递");
  await adminShot(page, "webhook-event-zh");
  await expectNoSeriousA11yViolations(page, "admin event detail");
  await page.goBack();
  await page.waitForURL(`**/admin/webhooks/${id}`);

  // Rotate (after a cancelled first try): a new secret once, the old one signing for 24 h more.
  await page.getByRole("button", { name: "轮换密钥" }).click();
  await page.getByRole("dialog", { name: "确认轮换" }).getByRole("button", { name: "取消" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await page.getByRole("button", { name: "轮换密钥" }).click();
  await page.getByRole("dialog", { name: "确认轮换" }).getByRole("button", { name: "确认轮换" }).click();
  await expect(page.getByTestId("new-secret-box")).toContainText("24 小时");
  const rotated = await page.getByTestId("new-secret").inputValue();
  expect(rotated).toMatch(SECRET);
  expect(rotated).not.toBe(secret);
  await expect(page.getByTestId("secret-hint")).toHaveText(`whsec_…${rotated.slice(-4)}`);
  await expect(page.getByTestId("previous-until")).toBeVisible();
  await adminShot(page, "webhook-rotated-zh");

  // Disable: shown with its reason; tests and resends wait until it is enabled again.
  await page.getByRole("button", { name: "停用", exact: true }).click();
  await expect(page.getByTestId("endpoint-state")).toHaveAttribute("data-state", "disabled");
  await expect(page.getByTestId("endpoint-state")).toContainText("管理员停用");
  await expect(page.getByRole("button", { name: "发送测试事件" })).toBeDisabled();
  expect((await call(page, "POST", `/api/v1/admin/webhook-endpoints/${id}/test`)).status).toBe(409);
  await adminShot(page, "webhook-disabled-zh");
  await expectNoSeriousA11yViolations(page, "admin webhook endpoint, disabled");

  // The dashboard's webhook panel, and the audit log naming each change.
  await page.goto("/admin");
  await expect(page.getByTestId("webhook-health")).toContainText("未投递的 Webhook");
  await expect(page.getByTestId("webhook-backlog")).toHaveText(/^\d+$/);
  await adminShot(page, "dashboard-webhooks-zh");
  await expectNoSeriousA11yViolations(page, "admin dashboard, webhook health");
  await page.goto("/admin/audit");
  const audit = page.getByTestId("audit");
  for (const action of [
    "添加 Webhook 端点",
    "发送 Webhook 测试",
    "重发 Webhook 投递",
    "轮换 Webhook 密钥",
    "修改 Webhook 端点",
  ]) {
    await expect(audit.locator("tbody tr", { hasText: action }).first()).toBeVisible();
  }
  expect(await page.content()).not.toContain(rotated.slice(6, 40));

  // English, and a phone.
  await context.addCookies([{ name: "lang", value: "en", url: page.url() }]);
  await page.goto(`/admin/webhooks/${id}`);
  await expect(page.getByTestId("endpoint-state")).toContainText("Disabled by an admin");
  await adminShot(page, "webhook-endpoint-en");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/admin/webhooks");
  await expect(page.getByRole("heading", { name: "Webhook endpoints", level: 1 })).toBeVisible();
  await adminShot(page, "webhooks-phone-en");
  await expectNoSeriousA11yViolations(page, "admin webhooks, en, phone");
  await page.setViewportSize({ width: 1280, height: 800 });
  await context.addCookies([{ name: "lang", value: "zh-CN", url: page.url() }]);

  // A viewer reads but cannot change anything.
  const viewer = { email: `viewer-hooks-${Date.now()}@demo.local`, password: "viewer-password-1" };
  expect((await call(page, "POST", "/api/v1/admin/users", { ...viewer, role: "VIEWER" })).status).toBe(201);
  const vctx = await browser.newContext({ locale: "zh-CN" });
  const v = await vctx.newPage();
  await signIn(v, viewer, "/admin/webhooks");
  await expect(v.locator("tr[data-endpoint-id]")).toHaveCount(1);
  await expect(v.getByText("只读账号不能修改 Webhook")).toBeVisible();
  expect((await call(v, "GET", `/api/v1/admin/webhook-endpoints/${id}`)).status).toBe(200);
  expect((await call(v, "POST", `/api/v1/admin/webhook-endpoints/${id}/rotate-secret`)).status).toBe(403);
  expect((await call(v, "PATCH", `/api/v1/admin/webhook-endpoints/${id}`, { enabled: true })).status).toBe(403);
  await vctx.close();

  // Enable again, then delete (with a confirmation): back on the empty list.
  await page.goto(`/admin/webhooks/${id}`);
  await page.getByRole("button", { name: "启用", exact: true }).click();
  await expect(page.getByTestId("endpoint-state")).toHaveAttribute("data-state", "enabled");
  await page.getByRole("button", { name: "删除端点" }).click();
  await page.getByRole("dialog", { name: "确认删除" }).getByRole("button", { name: "确认删除" }).click();
  await page.waitForURL((u) => u.pathname === "/admin/webhooks");
  await expect(page.locator(`tr[data-endpoint-id="${id}"]`)).toHaveCount(0);
  expect((await call(page, "GET", `/api/v1/admin/webhook-endpoints/${id}`)).status).toBe(404);
});
