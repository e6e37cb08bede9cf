import { expect, test, type Page } from "./fixtures";
import { createOrder, shownOutTradeNo, sim } from "./checkout-helpers";

// The payment page learns "paid" from the status stream (server-sent events), polls only when
// the stream cannot be used, and neither streams nor polls while hidden.

/** Counts the page's status requests: stream opens and plain polls. */
function countStatusRequests(page: Page) {
  const seen = { events: 0, polls: 0 };
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (/^\/api\/v1\/payments\/wechat\/payment\/[^/]+\/events$/.test(path)) seen.events += 1;
    else if (/^\/api\/v1\/payments\/wechat\/payment\/[^/]+$/.test(path)) seen.polls += 1;
  });
  return seen;
}

test("the QR page turns paid through the stream, without polling", async ({ page, request }) => {
  const { orderNo } = await createOrder(request, { "NOTEBOOK-XUAN": 1 });
  const seen = countStatusRequests(page);
  await page.goto(`/orders/${orderNo}`);
  const outTradeNo = await shownOutTradeNo(page);
  await expect.poll(() => seen.events).toBeGreaterThanOrEqual(1);
  await page.waitForTimeout(1_500); // a polling page would have asked ~3 times by now
  const paidAt = Date.now();
  await sim(request, "POST", `/_sim/orders/${outTradeNo}/pay`);
  await expect(page.getByTestId("paid")).toBeVisible();
  console.info(`pay → paid on screen (stream): ${Date.now() - paidAt} ms`);
  await expect(page).toHaveURL(/\/success$/);
  expect(seen.polls).toBe(0);
  expect(seen.events).toBe(1);
});

test("with the stream blocked, the page falls back to polling and still turns paid", async ({ page, request }) => {
  const { orderNo } = await createOrder(request, { "NOTEBOOK-XUAN": 1 });
  await page.route(/\/api\/v1\/payments\/wechat\/payment\/[^/]+\/events$/, (route) => route.abort());
  const seen = countStatusRequests(page);
  await page.goto(`/orders/${orderNo}`);
  const outTradeNo = await shownOutTradeNo(page);
  await expect.poll(() => seen.polls).toBeGreaterThanOrEqual(2);
  await sim(request, "POST", `/_sim/orders/${outTradeNo}/pay`);
  await expect(page).toHaveURL(/\/success$/);
});

test("a stream that sends nothing (a buffering proxy) is given up for polling", async ({ page, request }) => {
  const { orderNo } = await createOrder(request, { "NOTEBOOK-XUAN": 1 });
  // Holds the stream open and silent, as a proxy that buffers text/event-stream would.
  await page.route(/\/api\/v1\/payments\/wechat\/payment\/[^/]+\/events$/, () => {});
  const seen = countStatusRequests(page);
  await page.goto(`/orders/${orderNo}`);
  const outTradeNo = await shownOutTradeNo(page);
  await expect.poll(() => seen.polls, { timeout: 8_000 }).toBeGreaterThanOrEqual(1);
  await sim(request, "POST", `/_sim/orders/${outTradeNo}/pay`);
  await expect(page).toHaveURL(/\/success$/);
});

test("a hidden page stops streaming and reads again when shown", async ({ page, request }) => {
  const { orderNo } = await createOrder(request, { "NOTEBOOK-XUAN": 1 });
  const seen = countStatusRequests(page);
  await page.goto(`/orders/${orderNo}`);
  const outTradeNo = await shownOutTradeNo(page);
  await expect.poll(() => seen.events).toBe(1);
  const setVisibility = (state: "hidden" | "visible") =>
    page.evaluate((s) => {
      Object.defineProperty(document, "visibilityState", { value: s, configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    }, state);
  await setVisibility("hidden");
  await sim(request, "POST", `/_sim/orders/${outTradeNo}/pay`);
  await page.waitForTimeout(1_500);
  // Paid at WeChat Pay and here, but the hidden page did not hear it: it is not listening.
  await expect(page.getByTestId("pending")).toBeVisible();
  expect(seen.polls).toBe(0);
  await setVisibility("visible");
  await expect(page).toHaveURL(/\/success$/);
  expect(seen.events).toBe(2);
});
