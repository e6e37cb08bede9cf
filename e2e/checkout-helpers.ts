import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_SIMULATOR_PORT } from "../playwright.config";

export const SIM = `http://127.0.0.1:${E2E_SIMULATOR_PORT}`;
export const WECHAT_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";
export const PHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
export const PHONE_VIEWPORT = { width: 390, height: 844 };

/** Creates an order through the public API, by sku; returns its number and server total. */
export async function createOrder(
  request: APIRequestContext,
  items: Record<string, number>,
): Promise<{ orderNo: string; totalFen: number }> {
  const { products } = await (await request.get("/api/v1/products")).json();
  const bySku = new Map<string, { id: string }>(products.map((p: { sku: string; id: string }) => [p.sku, p]));
  const res = await request.post("/api/v1/orders", {
    data: { items: Object.entries(items).map(([sku, quantity]) => ({ productId: bySku.get(sku)!.id, quantity })) },
  });
  expect(res.status()).toBe(201);
  return res.json();
}

/** One control-API call on the simulator. */
export async function sim(request: APIRequestContext, method: "GET" | "POST" | "DELETE", path: string, data?: unknown) {
  const res = await request.fetch(`${SIM}${path}`, { method, data: data ?? (method === "POST" ? {} : undefined) });
  expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

/** The out_trade_no the page is showing (QR or JSAPI). */
export async function shownOutTradeNo(page: Page): Promise<string> {
  const el = page.locator("[data-out-trade-no]");
  await expect(el).toHaveCount(1);
  return (await el.getAttribute("data-out-trade-no"))!;
}

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
