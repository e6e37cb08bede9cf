import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_SIMULATOR_PORT } from "../playwright.config";

export const ADMIN = { email: "e2e-admin@demo.local", password: "e2e-admin-password" };
export const SIM = `http://127.0.0.1:${E2E_SIMULATOR_PORT}`;

export const adminShot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/admin-${name}.png`, fullPage: true });

/** Signs in through the form and waits for the page it was sent to. */
export async function signIn(page: Page, who: { email: string; password: string }, to = "/admin") {
  await page.goto(`/admin/sign-in?callbackUrl=${encodeURIComponent(to)}`);
  await page.getByLabel("邮箱").fill(who.email);
  await page.getByLabel("密码").fill(who.password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((u) => u.pathname === to.split("?")[0]);
}

/**
 * A paid order made the way a shopper makes one: public order API, Native prepay, then the
 * simulator's "pay" control, whose TRANSACTION.SUCCESS notification marks it paid here.
 */
export async function paidOrder(
  page: Page,
  quantity = 2,
): Promise<{ orderNo: string; outTradeNo: string; totalFen: number }> {
  const request = page.request;
  const { products } = (await (await request.get("/api/v1/products")).json()) as {
    products: { id: string; priceFen: number }[];
  };
  const product = products[0]!;
  const created = await request.post("/api/v1/orders", { data: { items: [{ productId: product.id, quantity }] } });
  expect(created.status(), await created.text()).toBe(201);
  const { orderNo, totalFen } = (await created.json()) as { orderNo: string; totalFen: number };
  const prepay = await request.post("/api/v1/payments/wechat/native", { data: { orderNo } });
  expect(prepay.ok(), await prepay.text()).toBe(true);
  const { outTradeNo } = (await prepay.json()) as { outTradeNo: string };
  const paid = await request.post(`${SIM}/_sim/orders/${outTradeNo}/pay`, { data: {} });
  expect(paid.ok(), await paid.text()).toBe(true);
  await expect
    .poll(
      async () =>
        ((await (await request.get(`/api/v1/admin/orders?q=${outTradeNo}`)).json()) as { rows: { status: string }[] })
          .rows[0]?.status,
      { timeout: 15_000 },
    )
    .toBe("PAID");
  return { orderNo, outTradeNo, totalFen };
}

export async function json(request: APIRequestContext, url: string) {
  const res = await request.get(url);
  expect(res.ok(), `${url}: ${res.status()}`).toBe(true);
  return res.json();
}
