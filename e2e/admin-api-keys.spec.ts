import { expect, test, type Page } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./axe";
import { ADMIN, adminShot, paidOrder, signIn } from "./admin-helpers";

// Demo mode is test mode only: every key made here is a test key.
const SECRET = /^sk_test_[0-9A-Za-z]{43}$/;

/** Creates a key on the page; returns the secret shown (once) and the row's id. */
async function createKey(page: Page, name: string, scopes: string[]) {
  await page.getByLabel("名称", { exact: true }).fill(name);
  for (const s of scopes) await page.getByRole("checkbox", { name: new RegExp(`^${s}\\b`) }).check();
  await page.getByRole("button", { name: "创建密钥" }).click();
  const box = page.getByTestId("new-secret-box");
  await expect(box).toBeVisible();
  await expect(box).toContainText(name);
  const secret = await page.getByTestId("new-secret").inputValue();
  expect(secret).toMatch(SECRET);
  const row = page.locator("tr[data-key-id]", { hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("key-shown")).toHaveText(`${secret.slice(0, 12)}…${secret.slice(-4)}`);
  return { secret, id: (await row.getAttribute("data-key-id"))! };
}

test("an admin creates scoped API keys (secret shown once), they authorize merchant calls, revoking ends them", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN, "/admin/api-keys");
  const order = await paidOrder(page, 1);
  await page.goto("/admin/api-keys");
  await expect(page.getByRole("heading", { name: "API 密钥", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "admin" }).getByRole("link", { name: "API 密钥" })).toHaveAttribute(
    "aria-current",
    "page",
  );

  // No scope chosen: refused in the page, nothing created.
  await page.getByLabel("名称", { exact: true }).fill("空权限");
  await page.getByRole("button", { name: "创建密钥" }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText("请至少选择一项权限");

  // A key that may only read sessions: shown once with the warning and a working copy button.
  const reader = await createKey(page, "会话只读", ["checkout:read"]);
  await expect(page.getByTestId("new-secret-box")).toContainText("这是唯一一次显示完整密钥");
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByTestId("new-secret-box").getByRole("button", { name: "复制" }).click();
  await expect(page.getByTestId("new-secret-box").getByRole("button", { name: "已复制" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(reader.secret);
  await adminShot(page, "api-keys-secret-zh");
  await expectNoSeriousA11yViolations(page, "admin API keys, new secret");

  // Reload: the secret is gone for good, only prefix…last four remain.
  await page.reload();
  await expect(page.getByTestId("new-secret-box")).toHaveCount(0);
  expect(await page.content()).not.toContain(reader.secret);
  const readerRow = page.locator(`tr[data-key-id="${reader.id}"]`);
  await expect(readerRow.getByTestId("key-shown")).toHaveText(
    `${reader.secret.slice(0, 12)}…${reader.secret.slice(-4)}`,
  );
  await expect(readerRow).toContainText("从未使用");
  await expect(readerRow).toContainText(ADMIN.email);
  const list = await page.request.get("/api/v1/admin/api-keys");
  expect(list.status()).toBe(200);
  const listText = await list.text();
  expect(listText).not.toContain(reader.secret);
  expect(listText).not.toMatch(/secretHash|secret_hash/);
  expect(JSON.parse(listText)).toMatchObject({ livemode: false }); // the console's (test) view

  // The wrong scope is 403; no key is 401.
  const orderUrl = `/api/v1/orders/${order.orderNo}`;
  const as = (secret: string) => ({ headers: { Authorization: `Bearer ${secret}` } });
  const wrong = await page.request.get(orderUrl, as(reader.secret));
  expect(wrong.status()).toBe(403);
  expect(await wrong.json()).toMatchObject({ error: { code: "FORBIDDEN", details: { requiredScope: "orders:read" } } });
  expect((await page.request.get(orderUrl)).status()).toBe(401);

  // A key with orders:read (and refunds:write) reads the order and refunds part of it.
  const backend = await createKey(page, "商城后端", ["orders:read", "refunds:write"]);
  await page.getByRole("button", { name: "我已保存" }).click();
  await expect(page.getByTestId("new-secret-box")).toHaveCount(0);
  const ok = await page.request.get(orderUrl, as(backend.secret));
  expect(ok.status(), await ok.text()).toBe(200);
  expect(await ok.json()).toMatchObject({
    object: "order",
    orderNo: order.orderNo,
    status: "PAID",
    amountTotalFen: order.totalFen,
    refundedFen: 0,
    currency: "CNY",
    payments: [{ outTradeNo: order.outTradeNo, status: "PAID" }],
    refunds: [],
  });
  const refundBody = { orderNo: order.orderNo, amountFen: 1, reason: "API 部分退款" };
  const noKey = await page.request.post("/api/v1/refunds", { ...as(backend.secret), data: refundBody });
  expect(noKey.status()).toBe(400);
  const idem = { headers: { ...as(backend.secret).headers, "Idempotency-Key": `e2e-${Date.now()}` } };
  const refunded = await page.request.post("/api/v1/refunds", { ...idem, data: refundBody });
  expect(refunded.status(), await refunded.text()).toBe(201);
  const refund = (await refunded.json()) as { id: string; outTradeNo: string; status: string };
  expect(refund).toMatchObject({
    object: "refund",
    amountFen: 1,
    orderNo: order.orderNo,
    outTradeNo: order.outTradeNo,
  });
  const replay = await page.request.post("/api/v1/refunds", { ...idem, data: refundBody });
  expect(replay.status()).toBe(200);
  expect(((await replay.json()) as { id: string }).id).toBe(refund.id);
  await expect
    .poll(
      async () =>
        (
          (await (await page.request.get(`/api/v1/refunds/${refund.id}`, as(backend.secret))).json()) as {
            status: string;
          }
        ).status,
      {
        timeout: 20_000,
      },
    )
    .toBe("SUCCESS");

  // Used: the list says when.
  await page.reload();
  const backendRow = page.locator(`tr[data-key-id="${backend.id}"]`);
  await expect(backendRow).not.toContainText("从未使用");
  await adminShot(page, "api-keys-zh");
  await expectNoSeriousA11yViolations(page, "admin API keys");

  // Revoke, with a confirmation step that can be cancelled.
  await backendRow.getByRole("button", { name: "吊销" }).click();
  const dialog = backendRow.getByRole("dialog", { name: "确认吊销" });
  await expect(dialog).toContainText("商城后端");
  await adminShot(page, "api-keys-revoke-confirm-zh");
  await expectNoSeriousA11yViolations(page, "admin API keys, revoke confirmation");
  await dialog.getByRole("button", { name: "取消" }).click();
  await expect(dialog).toHaveCount(0);
  expect((await page.request.get(orderUrl, as(backend.secret))).status()).toBe(200);
  await backendRow.getByRole("button", { name: "吊销" }).click();
  await backendRow.getByRole("dialog").getByRole("button", { name: "确认吊销" }).click();
  await expect(backendRow).toHaveAttribute("data-state", "revoked");
  await expect(backendRow).toContainText("已吊销");
  await expect(backendRow.getByRole("button", { name: "吊销" })).toHaveCount(0);
  const revoked = await page.request.get(orderUrl, as(backend.secret));
  expect(revoked.status()).toBe(401);
  expect(await revoked.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });

  // The audit log names who created and revoked which key.
  await page.goto("/admin/audit");
  const audit = page.getByTestId("audit");
  await expect(audit.locator("tbody tr", { hasText: "创建 API 密钥" })).toHaveCount(2);
  await expect(audit.locator("tbody tr", { hasText: "吊销 API 密钥" })).toHaveCount(1);
  await expect(audit.locator("tbody tr", { hasText: "发起退款" }).first()).toContainText("api_key:");

  // English, and a phone.
  await context.addCookies([{ name: "lang", value: "en", url: page.url() }]);
  await page.goto("/admin/api-keys");
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Shop backend v2");
  await page.getByRole("checkbox", { name: /^checkout:write\b/ }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-secret-box")).toContainText("You will not see it again");
  await expect(page.locator("tr[data-key-id]", { hasText: "Shop backend v2" })).toHaveCount(1);
  await adminShot(page, "api-keys-en");
  await expectNoSeriousA11yViolations(page, "admin API keys, en");
  await page.setViewportSize({ width: 390, height: 844 });
  await adminShot(page, "api-keys-phone-en");
  await expectNoSeriousA11yViolations(page, "admin API keys, en, phone");
  await context.addCookies([{ name: "lang", value: "zh-CN", url: page.url() }]);
  await page.reload();
  await expect(page.getByRole("heading", { name: "API 密钥", level: 1 })).toBeVisible();
  await adminShot(page, "api-keys-phone-zh");
  await expectNoSeriousA11yViolations(page, "admin API keys, phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  // A viewer sees no API keys: no link, the page sends them away, the API is 403.
  const viewer = { email: `viewer-keys-${Date.now()}@demo.local`, password: "viewer-password-1" };
  const created = await page.request.post("/api/v1/admin/users", { data: { ...viewer, role: "VIEWER" } });
  expect(created.status()).toBe(201);
  const vctx = await browser.newContext({ locale: "zh-CN" });
  const v = await vctx.newPage();
  await signIn(v, viewer);
  await expect(v.getByRole("link", { name: "API 密钥" })).toHaveCount(0);
  await v.goto("/admin/api-keys");
  await v.waitForURL((u) => u.pathname === "/admin" && u.searchParams.get("denied") === "1");
  expect((await v.request.get("/api/v1/admin/api-keys")).status()).toBe(403);
  expect((await v.request.delete(`/api/v1/admin/api-keys/${reader.id}`)).status()).toBe(403);
  await vctx.close();
});
