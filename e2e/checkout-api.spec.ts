import { expect, test } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./axe";
import { createOrder, shot, sim } from "./checkout-helpers";

test("orders are priced on the server; bad input is refused with the one error shape", async ({ request }) => {
  const { products } = await (await request.get("/api/v1/products")).json();
  const puer = products.find((p: { sku: string }) => p.sku === "TEA-PUER-357");
  const ok = await request.post("/api/v1/orders", {
    data: { items: [{ productId: puer.id, quantity: 2, priceFen: 1 }], totalFen: 1 },
  });
  expect(ok.status()).toBe(201);
  const order = await ok.json();
  expect(order.totalFen).toBe(25600);
  expect(order.orderNo).toMatch(/^\d{8}-[0-9A-Z]{8}$/);

  for (const [data, code] of [
    [{ items: [] }, "VALIDATION_ERROR"],
    [{ items: [{ productId: puer.id, quantity: 0 }] }, "VALIDATION_ERROR"],
    [{ items: [{ productId: puer.id, quantity: 100 }] }, "VALIDATION_ERROR"],
    [{ items: [{ productId: puer.id, quantity: 1.5 }] }, "VALIDATION_ERROR"],
    [{ items: [{ productId: "00000000-0000-4000-8000-000000000000", quantity: 1 }] }, "UNKNOWN_PRODUCT"],
  ] as const) {
    const res = await request.post("/api/v1/orders", { data });
    expect(res.status(), JSON.stringify(data)).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe("string");
  }
  const notJson = await request.post("/api/v1/orders", { data: "{", headers: { "Content-Type": "application/json" } });
  expect((await notJson.json()).error.code).toBe("VALIDATION_ERROR");

  const missing = await request.post("/api/v1/payments/wechat/native", { data: { orderNo: "20260101-ABCDEFGH" } });
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.code).toBe("NOT_FOUND");
  expect((await request.get("/api/v1/payments/wechat/payment/nosuchtrade1")).status()).toBe(404);
  const bad = await request.post("/api/v1/payments/wechat/close", { data: { outTradeNo: "a b" } });
  expect((await bad.json()).error.code).toBe("VALIDATION_ERROR");
  // JSAPI needs the payer from the WeChat sign-in cookie, never from the body.
  const jsapi = await request.post("/api/v1/payments/wechat/jsapi", {
    data: { orderNo: order.orderNo, openid: "o-attacker" },
  });
  expect(jsapi.status()).toBe(401);
});

test("native API: places once, reuses while valid; query, close and status read", async ({ request }) => {
  const { orderNo, totalFen } = await createOrder(request, { "BASKET-BAMBOO": 1 });
  const a = await (await request.post("/api/v1/payments/wechat/native", { data: { orderNo } })).json();
  expect(a).toMatchObject({ amountFen: totalFen, codeUrl: expect.stringMatching(/^weixin:\/\/wxpay\/bizpayurl\?pr=/) });
  expect(Date.parse(a.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
  const b = await (await request.post("/api/v1/payments/wechat/native", { data: { orderNo } })).json();
  expect(b.outTradeNo).toBe(a.outTradeNo);
  expect(b.codeUrl).toBe(a.codeUrl);

  const q = await (await request.get(`/api/v1/payments/wechat/query/${a.outTradeNo}`)).json();
  expect(q).toMatchObject({
    outTradeNo: a.outTradeNo,
    status: "PENDING",
    orderNo,
    orderStatus: "PENDING",
    amountFen: totalFen,
    paidAt: null,
  });
  const closed = await (
    await request.post("/api/v1/payments/wechat/close", { data: { outTradeNo: a.outTradeNo } })
  ).json();
  expect(closed.status).toBe("CLOSED");
  const simOrder = (await sim(request, "GET", "/_sim/orders")).find(
    (o: { out_trade_no: string }) => o.out_trade_no === a.outTradeNo,
  );
  expect(simOrder.trade_state).toBe("CLOSED");
  // After a close, the next prepay is a new attempt with a new out_trade_no.
  const c = await (await request.post("/api/v1/payments/wechat/native", { data: { orderNo } })).json();
  expect(c.outTradeNo).not.toBe(a.outTradeNo);
});

test("WeChat Pay failing: a clear message, and the retry reuses the stored out_trade_no", async ({ page, request }) => {
  const { orderNo } = await createOrder(request, { "SCARF-SUXIU": 1 });
  const prefix = orderNo.replace("-", "");
  // The order reaches WeChat Pay but every answer is lost: outcome unknown.
  await sim(request, "POST", "/_sim/faults", { endpoint: "native", kind: "error500", phase: "after" });
  try {
    await page.goto(`/orders/${orderNo}`);
    await expect(page.getByTestId("pay-error")).toContainText("支付服务暂时不可用，请稍后重试");
    await shot(page, "error-upstream");
    await expectNoSeriousA11yViolations(page, "order page, WeChat Pay unavailable");
    const api = await request.post("/api/v1/payments/wechat/native", { data: { orderNo } });
    expect(api.status()).toBe(503);
    expect((await api.json()).error.code).toBe("UPSTREAM_UNAVAILABLE");
  } finally {
    await sim(request, "DELETE", "/_sim/faults");
  }
  await page.getByRole("link", { name: "重试" }).click();
  await expect(page.getByTestId("qr")).toBeVisible();
  const mine = (await sim(request, "GET", "/_sim/orders")).filter((o: { out_trade_no: string }) =>
    o.out_trade_no.startsWith(prefix),
  );
  expect(mine).toHaveLength(1);
  expect(await page.locator("[data-out-trade-no]").getAttribute("data-out-trade-no")).toBe(mine[0].out_trade_no);
});

test("an unknown order number is a 404 page", async ({ page }) => {
  const res = await page.goto("/orders/20260101-ABCDEFGH");
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("order-not-found")).toContainText("订单不存在");
  await shot(page, "error-not-found");
  await expectNoSeriousA11yViolations(page, "order not found (404)");
});
