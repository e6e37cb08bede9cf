import { describe, expect, it } from "vitest";
import { NetworkError, TimeoutError, WechatPayApiError } from "./errors";
import { fakeWechat, makeClient } from "./fixtures/fake-wechat";
import type { WechatPayCall } from "./transport";

const order = {
  outTradeNo: "order_20270301_0001",
  description: "QQ公仔",
  amountFen: 100,
  notifyUrl: "https://shop.example.com/notify",
};
const ok = { status: 200, body: '{"code_url":"weixin://wxpay/bizpayurl?pr=ok"}' };
const hosts = (seen: Array<{ url: string }>) => seen.map((r) => new URL(r.url).host);

describe("transport", () => {
  it("retries a 5xx with the same body, a fresh nonce, backoff, and fails over to the backup host", async () => {
    const wx = fakeWechat((_req, i) =>
      i < 2 ? { status: 500, body: '{"code":"SYSTEM_ERROR","message":"busy"}' } : ok,
    );
    const { client, sleeps } = makeClient(wx.fetch);
    const result = await client.createNativeOrder(order);
    expect(result.code_url).toBe("weixin://wxpay/bizpayurl?pr=ok");
    expect(result.requestId).toBe("rid-3");
    expect(hosts(wx.seen)).toEqual(["api.mch.weixin.qq.com", "api2.mch.weixin.qq.com", "api2.mch.weixin.qq.com"]);
    expect(new Set(wx.seen.map((r) => r.body)).size).toBe(1);
    expect(new Set(wx.seen.map((r) => r.authorization.nonce_str)).size).toBe(3);
    expect(wx.seen.every((r) => r.signatureValid)).toBe(true);
    // random() = 0.5 → equal jitter lands at 3/4 of each doubling ceiling (200, 400).
    expect(sleeps).toEqual([150, 300]);
  });

  it("stays on the primary host for 429 and surfaces the last error when retries run out", async () => {
    const wx = fakeWechat(() => ({ status: 429, body: '{"code":"FREQUENCY_LIMITED","message":"slow down"}' }));
    const error = await makeClient(wx.fetch)
      .client.createNativeOrder(order)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatPayApiError);
    expect(error).toMatchObject({ status: 429, code: "FREQUENCY_LIMITED", retryable: true, requestId: "rid-3" });
    expect(hosts(wx.seen)).toEqual(Array(3).fill("api.mch.weixin.qq.com"));
  });

  it("backs off for seconds after a 429, not the 5xx fraction of a second", async () => {
    const wx = fakeWechat((_req, i) =>
      i < 2 ? { status: 429, body: '{"code":"FREQUENCY_LIMITED","message":"slow down"}' } : ok,
    );
    const { client, sleeps } = makeClient(wx.fetch);
    expect((await client.createNativeOrder(order)).code_url).toBe("weixin://wxpay/bizpayurl?pr=ok");
    // random() = 0.5 → 3/4 of each ceiling (2 s, 4 s).
    expect(sleeps).toEqual([1500, 3000]);
  });

  it("a refund's 429 (one per order per minute) is thrown at once; a 5xx on it is still retried", async () => {
    const limited = fakeWechat(() => ({ status: 429, body: '{"code":"FREQUENCY_LIMITED","message":"slow down"}' }));
    const refund = { outTradeNo: "order_20270301_0001", outRefundNo: "RF1", refundFen: 1, totalFen: 100 };
    const { client, sleeps } = makeClient(limited.fetch);
    await expect(client.createRefund(refund)).rejects.toMatchObject({ status: 429, retryable: true });
    expect([limited.seen.length, sleeps]).toEqual([1, []]);
    const flaky = fakeWechat(() => ({ status: 503 }));
    await makeClient(flaky.fetch)
      .client.createRefund(refund)
      .catch(() => undefined);
    expect(flaky.seen).toHaveLength(3);
  });

  it("does not retry a 4xx and parses it as an untrusted error", async () => {
    const body = JSON.stringify({
      code: "PARAM_ERROR",
      message: "输入源“/body/out_trade_no”映射到值字段“商户订单号”字符串规则校验失败",
      detail: { field: "/out_trade_no", value: "x", issue: "too short", location: "body" },
    });
    const wx = fakeWechat(() => ({ status: 400, body }));
    const error = await makeClient(wx.fetch)
      .client.createNativeOrder(order)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: "PARAM_ERROR", retryable: false, requestId: "rid-1" });
    expect((error as WechatPayApiError).detail).toMatchObject({ field: "/out_trade_no", location: "body" });
    expect((error as Error).message).not.toContain(body);
    expect(wx.seen).toHaveLength(1);
  });

  it("turns a non-JSON error page into HTTP_<status>", async () => {
    const wx = fakeWechat(() => ({ status: 502, body: "<html>Bad gateway</html>" }));
    const error = await makeClient(wx.fetch, { retries: 0 })
      .client.queryRefund("refund_1")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: "HTTP_502", retryable: true });
  });

  it("retries network failures and alternates to the backup host, then throws NetworkError", async () => {
    const refused = Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    const wx = fakeWechat(() => refused);
    const error = await makeClient(wx.fetch)
      .client.queryOrderByOutTradeNo("order_1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect((error as Error).cause).toBe(refused);
    expect(hosts(wx.seen)).toEqual(["api.mch.weixin.qq.com", "api2.mch.weixin.qq.com", "api2.mch.weixin.qq.com"]);
  });

  it("aborts a hung request after timeoutMs and reports TimeoutError", async () => {
    const wx = fakeWechat((_req, i) => (i === 0 ? "hang" : ok));
    const { client } = makeClient(wx.fetch, { timeoutMs: 20 });
    await expect(client.createNativeOrder(order)).resolves.toMatchObject({ requestId: "rid-2" });

    const always = fakeWechat(() => "hang");
    const error = await makeClient(always.fetch, { timeoutMs: 20, retries: 1 })
      .client.createNativeOrder(order)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(always.seen).toHaveLength(2);
  });

  it("keeps every attempt on one host when failover is disabled, and honours a custom base URL", async () => {
    const wx = fakeWechat(() => ({ status: 503, body: "{}" }));
    const { client } = makeClient(wx.fetch, { baseUrl: "http://127.0.0.1:4010", backupBaseUrl: null, retries: 2 });
    await expect(client.closeOrder("order_1")).rejects.toThrow(WechatPayApiError);
    expect(wx.seen.map((r) => r.url)).toEqual(
      Array(3).fill("http://127.0.0.1:4010/v3/pay/transactions/out-trade-no/order_1/close"),
    );
  });

  it("tells an onCall observer about every attempt: endpoint, status, error code, Request-ID, latency, host", async () => {
    const wx = fakeWechat((_req, i) =>
      i < 1 ? { status: 500, body: '{"code":"SYSTEM_ERROR","message":"busy"}' } : ok,
    );
    const calls: WechatPayCall[] = [];
    const { client } = makeClient(wx.fetch, { onCall: (c) => calls.push(c) });
    await client.createNativeOrder(order);
    expect(calls).toMatchObject([
      {
        endpoint: "pay.transactions.native",
        method: "POST",
        status: 500,
        code: "SYSTEM_ERROR",
        requestId: "rid-1",
        attempt: 0,
        backupHost: false,
      },
      {
        endpoint: "pay.transactions.native",
        method: "POST",
        status: 200,
        requestId: "rid-2",
        attempt: 1,
        backupHost: true,
      },
    ]);
    expect(calls[1]).not.toHaveProperty("code");
    expect(calls.every((c) => c.durationMs >= 0)).toBe(true);
  });

  it("reports a network failure without a status, and an observer that throws changes nothing", async () => {
    const seen: WechatPayCall[] = [];
    const { client } = makeClient(
      async () => {
        throw new TypeError("fetch failed");
      },
      {
        retries: 0,
        onCall: (c) => {
          seen.push(c);
          throw new Error("observer bug");
        },
      },
    );
    await expect(client.queryOrderByOutTradeNo("order_20270301_0001")).rejects.toBeInstanceOf(NetworkError);
    expect(seen).toMatchObject([{ endpoint: "pay.transactions.query", status: undefined, failure: "network" }]);
  });
});
