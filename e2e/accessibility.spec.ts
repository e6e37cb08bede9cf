import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser, type BrowserContext, type Page } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./axe";
import { ADMIN, paidOrder, signIn } from "./admin-helpers";
import { createOrder, PHONE_VIEWPORT, shot, SIM, sim } from "./checkout-helpers";

// The other specs run axe where they already are: mostly Chinese on a desktop. This one visits
// the shopper and admin pages in the other combinations (English by the locale cookie the toggle
// sets, and a phone-sized viewport), and the simulator pages no other spec stops on. One axe
// run per page state (e2e/axe.ts).
const DESKTOP = { width: 1280, height: 800 };
const COMBOS = [
  { lang: "en", viewport: DESKTOP, name: "en, desktop" },
  { lang: "zh-CN", viewport: PHONE_VIEWPORT, name: "zh-CN, phone" },
  { lang: "en", viewport: PHONE_VIEWPORT, name: "en, phone" },
] as const;

// A webhook receiver on this machine that accepts everything (demo mode allows loopback http).
let receiver: Server;
let hookUrl = "";
test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200).end());
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/a11y-hook`;
});
test.afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

/** The cookie the language toggle (POST /api/v1/locale) sets. */
async function setLang(context: BrowserContext, lang: string) {
  await context.addCookies([{ name: "lang", value: lang, url: new URL("/", test.info().project.use.baseURL).href }]);
}

async function open(browser: Browser, lang: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ locale: "zh-CN", viewport });
  await setLang(context, lang);
  return context.newPage();
}

for (const combo of COMBOS) {
  test(`shopper pages, ${combo.name}`, async ({ browser, request }) => {
    const page = await open(browser, combo.lang, combo.viewport);
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", combo.lang);
    await expect(page.getByTestId("product").first()).toBeVisible();
    await expectNoSeriousA11yViolations(page, `home (catalog), ${combo.name}`);

    await page
      .getByTestId("product")
      .first()
      .getByRole("button", { name: /^(加入购物车|Add to cart)$/ })
      .click();
    await page.goto("/cart");
    await expect(page.getByTestId("cart-line")).toHaveCount(1);
    await expectNoSeriousA11yViolations(page, `cart, ${combo.name}`);

    // A desktop browser's user agent: the Native QR page, laid out for this viewport.
    const { orderNo } = await createOrder(request, { "TEA-PUER-357": 1 });
    await page.goto(`/orders/${orderNo}`);
    await expect(page.getByTestId("qr").locator("svg")).toBeVisible();
    await expectNoSeriousA11yViolations(page, `order page, Native QR, ${combo.name}`);

    const outTradeNo = (await page.locator("[data-out-trade-no]").getAttribute("data-out-trade-no"))!;
    await sim(request, "POST", `/_sim/orders/${outTradeNo}/pay`);
    await expect(page).toHaveURL(/\/success$/);
    await expect(page.getByTestId("success")).toBeVisible();
    await expectNoSeriousA11yViolations(page, `success (paid), ${combo.name}`);

    await page.goto("/orders/20260101-ABCDEFGH");
    await expect(page.getByTestId("order-not-found")).toBeVisible();
    await expectNoSeriousA11yViolations(page, `order not found, ${combo.name}`);
    await page.context().close();
  });

  // Admin pages in en and at phone width each; en at phone width adds nothing either does not
  // (≈20 s of the suite), and admin-refund/-webhooks check phone widths in zh-CN as well.
  if (combo.name === "en, phone") continue;
  test(`admin pages, ${combo.name}`, async ({ browser }) => {
    test.setTimeout(90_000);
    const page = await open(browser, combo.lang, combo.viewport);
    await page.goto("/admin/sign-in");
    await expectNoSeriousA11yViolations(page, `admin sign-in, ${combo.name}`);
    // Signing in goes through the Chinese form (e2e/admin-helpers.ts), then back to this language.
    await setLang(page.context(), "zh-CN");
    await signIn(page, ADMIN);
    await setLang(page.context(), combo.lang);
    const { orderNo } = await paidOrder(page, 1);

    // A webhook endpoint and its test event, for the endpoint and event pages.
    const created = await page.request.post("/api/v1/admin/webhook-endpoints", {
      data: { url: hookUrl, events: ["payment.succeeded"] },
    });
    expect(created.status(), await created.text()).toBe(201);
    const endpoint = (await created.json()) as { id: string };

    const { products } = (await (await page.request.get("/api/v1/admin/products")).json()) as {
      products: { id: string }[];
    };
    const pages: [string, string][] = [
      ["/admin", "dashboard"],
      ["/admin/orders", "orders"],
      [`/admin/orders/${orderNo}`, "order detail"],
      ["/admin/reconciliation", "reconciliation"],
      ["/admin/audit", "audit"],
      ["/admin/users", "users"],
      ["/admin/products", "products"],
      ["/admin/products/new", "new product"],
      [`/admin/products/${products[0]!.id}`, "product edit"],
      ["/admin/api-keys", "API keys"],
      ["/admin/webhooks", "webhooks"],
      [`/admin/webhooks/${endpoint.id}`, "webhook endpoint"],
    ];
    for (const [path, name] of pages) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.locator("html")).toHaveAttribute("lang", combo.lang);
      await expectNoSeriousA11yViolations(page, `admin ${name}, ${combo.name}`);
    }

    // The endpoint page's "send test" queues a ping; its event page.
    expect((await page.request.post(`/api/v1/admin/webhook-endpoints/${endpoint.id}/test`)).ok()).toBe(true);
    await page.reload();
    await page.locator('[data-testid="deliveries"] a[href^="/admin/events/"]').first().click();
    await page.waitForURL(/\/admin\/events\/evt_/);
    await expect(page.getByTestId("event-type")).toHaveText("ping");
    await expectNoSeriousA11yViolations(page, `admin event detail, ${combo.name}`);

    expect((await page.request.delete(`/api/v1/admin/webhook-endpoints/${endpoint.id}`)).ok()).toBe(true);
    await page.context().close();
  });
}

// The simulator's own pages are bilingual (one language); desktop and phone.
for (const [name, viewport] of [
  ["desktop", DESKTOP],
  ["phone", PHONE_VIEWPORT],
] as const) {
  test(`simulator pages, ${name}`, async ({ browser, request }) => {
    const { orderNo } = await createOrder(request, { "CUP-QINGHUA": 1 });
    const prepay = await request.post("/api/v1/payments/wechat/native", { data: { orderNo } });
    expect(prepay.ok()).toBe(true);
    const { outTradeNo } = (await prepay.json()) as { outTradeNo: string };
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();

    await page.goto(`${SIM}/console`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator("meta[http-equiv=refresh]")).toHaveCount(0);
    await shot(page, `sim-console-${name}`);
    await expectNoSeriousA11yViolations(page, `simulator merchant console, ${name}`);

    await page.goto(`${SIM}/scan`);
    await expect(page.getByRole("link", { name: new RegExp(outTradeNo) })).toBeVisible();
    await expectNoSeriousA11yViolations(page, `simulator scan list, ${name}`);

    await page.goto(`${SIM}/scan?out_trade_no=${outTradeNo}`);
    await expect(page.getByRole("button", { name: "取消 Cancel" })).toBeVisible();
    await shot(page, `sim-scan-${name}`);
    await expectNoSeriousA11yViolations(page, `simulator scan page, ${name}`);
    await page.getByRole("button", { name: "取消 Cancel" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousA11yViolations(page, `simulator result page, ${name}`);
    await context.close();
  });
}
