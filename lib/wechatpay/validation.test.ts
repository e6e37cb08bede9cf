import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors";
import { fakeWechat, makeClient } from "./fixtures/fake-wechat";
import { checkBillDate, formatTimeExpire, isWechatText } from "./validation";

describe("isWechatText", () => {
  it.each([
    ["云南普洱茶饼 357克", true],
    ["Test item (¥0.01) — €, ✓", true],
    ["tea 🍵", false],
    ["𠀀 (CJK extension B)", false],
    ["lone \uD800 surrogate", false],
  ])("%s → %s", (text, ok) => expect(isWechatText(text)).toBe(ok));
});

const order = {
  outTradeNo: "order_20270301_0001",
  description: "QQ公仔",
  amountFen: 100,
  notifyUrl: "https://shop.example.com/notify",
};
const refund = { outTradeNo: "order_20270301_0001", outRefundNo: "refund-1@a", refundFen: 100, totalFen: 100 };

describe("field limits are checked before sending", () => {
  const wx = fakeWechat(() => ({ status: 500 }));
  const { client } = makeClient(wx.fetch);

  it.each([
    ["out_trade_no", { outTradeNo: "12345" }],
    ["out_trade_no", { outTradeNo: "x".repeat(33) }],
    ["out_trade_no", { outTradeNo: "order#0001" }],
    ["description", { description: "字".repeat(128) }],
    ["description", { description: "  " }],
    ["attach", { attach: "a".repeat(129) }],
    ["description", { description: "好茶🍵" }],
    ["attach", { attach: "𠀀" }],
    ["amount.total", { amountFen: 0 }],
    ["amount.total", { amountFen: 29.9 }],
    ["amount.total", { amountFen: -1 }],
    ["currency", { currency: "USD" as "CNY" }],
    ["notify_url", { notifyUrl: "http://shop.example.com/notify" }],
    ["notify_url", { notifyUrl: "https://shop.example.com/notify?order=1" }],
    ["notify_url", { notifyUrl: "/notify" }],
    ["time_expire", { timeExpire: "2027-03-01 12:00:00" }],
  ])("rejects a bad %s on orders", async (field, change) => {
    const error = await client.createNativeOrder({ ...order, ...change }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });

  it.each([
    ["out_refund_no", { outRefundNo: "r".repeat(65) }],
    ["out_refund_no", { outRefundNo: "refund#1" }],
    ["reason", { reason: "因".repeat(81) }],
    ["amount.refund", { refundFen: 101 }],
    ["amount.refund", { refundFen: 0 }],
    ["out_trade_no", { transactionId: "4200001234202703011234567890" }],
  ])("rejects a bad %s on refunds", async (field, change) => {
    const error = await client.createRefund({ ...refund, ...change }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });

  it("rejects bad identifiers on queries and H5 without a usable IP", async () => {
    await expect(client.queryOrderByOutTradeNo("../../x")).rejects.toThrow(ValidationError);
    await expect(client.queryOrderByTransactionId("42/../1")).rejects.toThrow(ValidationError);
    await expect(client.createH5Order({ ...order, payerClientIp: "not an ip" })).rejects.toThrow(ValidationError);
    await expect(client.getTradeBill({ billDate: "2027-02-30" })).rejects.toThrow(ValidationError);
  });

  it("never reached the network", () => {
    expect(wx.seen).toHaveLength(0);
  });

  it("accepts the boundaries", () => {
    expect(() => checkBillDate("2027-02-28")).not.toThrow();
    expect(formatTimeExpire("2027-03-01T12:00:00+08:00")).toBe("2027-03-01T12:00:00+08:00");
    expect(formatTimeExpire(new Date("2027-12-31T16:00:00Z"))).toBe("2028-01-01T00:00:00+08:00");
  });
});

describe("field limits accept their boundaries", () => {
  it("sends a 6-char out_trade_no, a 127-char description, a 128-char attach and 1 fen", async () => {
    const refundBody = {
      refund_id: "5000",
      out_refund_no: "r".repeat(64),
      status: "PROCESSING",
      amount: { total: 100, refund: 100 },
    };
    const wx = fakeWechat((req) => ({
      status: 200,
      body: req.url.includes("/refunds") ? JSON.stringify(refundBody) : '{"code_url":"weixin://x"}',
    }));
    const { client } = makeClient(wx.fetch);
    await client.createNativeOrder({
      ...order,
      outTradeNo: "A_b-|*",
      description: "字".repeat(127),
      attach: "a".repeat(128),
      amountFen: 1,
    });
    await client.createNativeOrder({ ...order, outTradeNo: "x".repeat(32) });
    await client.createRefund({ ...refund, outRefundNo: "r".repeat(64), reason: "因".repeat(80) });
    expect(wx.seen).toHaveLength(3);
    expect(JSON.parse(wx.seen[0]?.body ?? "").amount).toEqual({ total: 1, currency: "CNY" });
  });
});

describe("http notify URLs", () => {
  const httpOrder = { ...order, notifyUrl: "http://127.0.0.1:3000/api/wechatpay/notify" };

  it("are refused when talking to WeChat Pay itself", async () => {
    const wx = fakeWechat(() => ({ status: 200, body: '{"code_url":"weixin://x"}' }));
    const error = await makeClient(wx.fetch)
      .client.createNativeOrder(httpOrder)
      .catch((e: unknown) => e);
    expect((error as ValidationError).field).toBe("notify_url");
    const forced = makeClient(wx.fetch, { baseUrl: "http://127.0.0.1:3100", allowHttpNotifyUrl: false }).client;
    await expect(forced.createNativeOrder(httpOrder)).rejects.toThrow(ValidationError);
    expect(wx.seen).toHaveLength(0);
  });

  it("are accepted against another base URL (the simulator)", async () => {
    const wx = fakeWechat(() => ({ status: 200, body: '{"code_url":"weixin://x"}' }));
    const { client } = makeClient(wx.fetch, { baseUrl: "http://127.0.0.1:3100", backupBaseUrl: null });
    await client.createNativeOrder(httpOrder);
    expect(JSON.parse(wx.seen[0]?.body ?? "").notify_url).toBe(httpOrder.notifyUrl);
  });
});

describe("identifier characters are exactly the spec's", () => {
  // out_trade_no: 6-32 of [0-9A-Za-z_-|*]; out_refund_no: 1-64 of [0-9A-Za-z_-|*@].
  const transaction = {
    mchid: "1230000109",
    appid: "wxd678efh567hg6787",
    out_trade_no: "Az09_-|*",
    trade_state: "NOTPAY",
  };
  const refundView = {
    refund_id: "5000",
    out_refund_no: "Rz9_-|*@",
    status: "PROCESSING",
    amount: { total: 1, refund: 1 },
  };

  it("sends every allowed character, percent-encoded in paths and signed as sent", async () => {
    const wx = fakeWechat((req) => ({
      status: 200,
      body: JSON.stringify(req.url.includes("/refund/") ? refundView : transaction),
    }));
    const { client } = makeClient(wx.fetch);
    await client.queryOrderByOutTradeNo("Az09_-|*");
    await client.queryRefund("Rz9_-|*@");
    await client.createRefund({ ...refund, outTradeNo: "Az09_-|*", outRefundNo: "Rz9_-|*@" });
    expect(wx.seen.map((r) => r.url)).toEqual([
      "https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/Az09_-%7C*?mchid=1230000109",
      "https://api.mch.weixin.qq.com/v3/refund/domestic/refunds/Rz9_-%7C*%40",
      "https://api.mch.weixin.qq.com/v3/refund/domestic/refunds",
    ]);
    expect(wx.seen.every((r) => r.signatureValid)).toBe(true);
    expect(JSON.parse(wx.seen[2]!.body)).toMatchObject({ out_trade_no: "Az09_-|*", out_refund_no: "Rz9_-|*@" });
  });

  it.each(["order@0001", "order.0001", "order 0001", "订单000001", "order+0001", "order%7C01", "order/0001"])(
    "refuses out_trade_no %s",
    async (outTradeNo) => {
      const wx = fakeWechat(() => ({ status: 500 }));
      const error = await makeClient(wx.fetch)
        .client.createNativeOrder({ ...order, outTradeNo })
        .catch((e: unknown) => e);
      expect((error as ValidationError).field).toBe("out_trade_no");
      expect(wx.seen).toHaveLength(0);
    },
  );

  it.each(["", "refund.1", "refund 1", "退款1", "refund+1", "refund/1", "refund#1"])(
    "refuses out_refund_no %j",
    async (outRefundNo) => {
      const wx = fakeWechat(() => ({ status: 500 }));
      const { client } = makeClient(wx.fetch);
      expect(
        ((await client.createRefund({ ...refund, outRefundNo }).catch((e: unknown) => e)) as ValidationError).field,
      ).toBe("out_refund_no");
      await expect(client.queryRefund(outRefundNo)).rejects.toThrow(ValidationError);
      expect(wx.seen).toHaveLength(0);
    },
  );
});
