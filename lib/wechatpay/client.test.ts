import { createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, SignatureError, UnexpectedResponseError } from "./errors";
import { FIXED_NOW, merchantPrivateKeyPem } from "./fixtures";
import { fakeWechat, makeClient, MCH_SERIAL } from "./fixtures/fake-wechat";
import { joinLines, verifyMessage } from "./sign-message";
import { createWechatPayClient } from "./client";
import { PublicKeyVerifier } from "./public-key-verifier";
import { wechatPublicKey } from "./fixtures";

const order = {
  outTradeNo: "order_20270301_0001",
  description: "Image形象店-深圳腾大-QQ公仔",
  amountFen: 2900,
  notifyUrl: "https://shop.example.com/api/wechatpay/notify",
};
const transaction = {
  appid: "wxd678efh567hg6787",
  mchid: "1230000109",
  out_trade_no: order.outTradeNo,
  trade_state: "NOTPAY",
  trade_state_desc: "订单未支付",
  amount: { total: 2900, currency: "CNY" },
};

describe("createWechatPayClient", () => {
  it("signs a Native order over the exact body it sends and returns code_url with Request-ID", async () => {
    const wx = fakeWechat(() => ({ status: 200, body: '{"code_url":"weixin://wxpay/bizpayurl?pr=p4lpSuKzz"}' }));
    const { client } = makeClient(wx.fetch);
    const result = await client.createNativeOrder({
      ...order,
      timeExpire: new Date("2027-03-01T04:30:00Z"),
      attach: "cart=7",
    });
    expect(result).toEqual({ code_url: "weixin://wxpay/bizpayurl?pr=p4lpSuKzz", requestId: "rid-1" });
    const [req] = wx.seen;
    expect(req?.url).toBe("https://api.mch.weixin.qq.com/v3/pay/transactions/native");
    expect(req?.signatureValid).toBe(true);
    expect(req?.authorization).toMatchObject({
      mchid: "1230000109",
      serial_no: MCH_SERIAL,
      timestamp: String(FIXED_NOW / 1000),
    });
    expect(req?.authorization.nonce_str).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(req?.headers).toMatchObject({
      Accept: "application/json",
      "Content-Type": "application/json",
      "Wechatpay-Serial": wechatPublicKey.id,
    });
    expect(req?.headers["User-Agent"]).toBeTruthy();
    expect(JSON.parse(req?.body ?? "")).toEqual({
      appid: "wxd678efh567hg6787",
      mchid: "1230000109",
      description: order.description,
      out_trade_no: order.outTradeNo,
      notify_url: order.notifyUrl,
      amount: { total: 2900, currency: "CNY" },
      time_expire: "2027-03-01T12:30:00+08:00",
      attach: "cart=7",
    });
  });

  it("creates JSAPI orders with payer.openid and builds both pay-parameter shapes", async () => {
    const wx = fakeWechat(() => ({ status: 200, body: '{"prepay_id":"wx201410272009395522657a690389285100"}' }));
    const { client } = makeClient(wx.fetch, { nonce: () => "5K8264ILTKCH16CQ2502SI8ZNMTM67VS" });
    const { prepay_id } = await client.createJsapiOrder({ ...order, payerOpenid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" });
    expect(JSON.parse(wx.seen[0]?.body ?? "").payer).toEqual({ openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" });
    expect(wx.seen[0]?.authorization.nonce_str).toBe("5K8264ILTKCH16CQ2502SI8ZNMTM67VS");

    const { bridge, miniProgram } = client.buildJsapiPayParams(prepay_id);
    expect(bridge).toMatchObject({
      appId: "wxd678efh567hg6787",
      timeStamp: String(FIXED_NOW / 1000),
      nonceStr: "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
      package: `prepay_id=${prepay_id}`,
      signType: "RSA",
    });
    expect(miniProgram).not.toHaveProperty("appId");
    expect(miniProgram.paySign).toBe(bridge.paySign);
    const signed = joinLines(bridge.appId, bridge.timeStamp, bridge.nonceStr, bridge.package);
    expect(verifyMessage(signed, bridge.paySign, createPublicKey(merchantPrivateKeyPem))).toBe(true);
  });

  it("places a JSAPI order for a mini-program's appid and signs its pay parameters over that appid", async () => {
    const wx = fakeWechat(() => ({ status: 200, body: '{"prepay_id":"wx201410272009395522657a690389285101"}' }));
    const { client } = makeClient(wx.fetch);
    const mini = "wx1234567890abcdef";
    const { prepay_id } = await client.createJsapiOrder({ ...order, payerOpenid: "oMini", appid: mini });
    expect(JSON.parse(wx.seen[0]?.body ?? "")).toMatchObject({ appid: mini, payer: { openid: "oMini" } });
    const { bridge, miniProgram } = client.buildJsapiPayParams(prepay_id, mini);
    expect(bridge.appId).toBe(mini);
    const signed = joinLines(mini, miniProgram.timeStamp, miniProgram.nonceStr, miniProgram.package);
    expect(verifyMessage(signed, miniProgram.paySign, createPublicKey(merchantPrivateKeyPem))).toBe(true);
    await expect(client.createJsapiOrder({ ...order, payerOpenid: "o", appid: "not an appid" })).rejects.toThrow(
      /appid/,
    );
    expect(wx.seen).toHaveLength(1); // refused before any request
  });

  it("creates H5 orders with scene_info", async () => {
    const wx = fakeWechat(() => ({
      status: 200,
      body: '{"h5_url":"https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx1"}',
    }));
    const { client } = makeClient(wx.fetch);
    await client.createH5Order({ ...order, payerClientIp: "203.0.113.7", h5Type: "iOS" });
    expect(JSON.parse(wx.seen[0]?.body ?? "").scene_info).toEqual({
      payer_client_ip: "203.0.113.7",
      h5_info: { type: "iOS" },
    });
  });

  it("queries by out_trade_no and by transaction_id with signed GETs and no body", async () => {
    const wx = fakeWechat(() => ({ status: 200, body: JSON.stringify(transaction) }));
    const { client } = makeClient(wx.fetch);
    const byOut = await client.queryOrderByOutTradeNo(order.outTradeNo);
    expect(byOut.trade_state).toBe("NOTPAY");
    await client.queryOrderByTransactionId("4200001234202703011234567890");
    expect(wx.seen.map((r) => r.url)).toEqual([
      "https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/order_20270301_0001?mchid=1230000109",
      "https://api.mch.weixin.qq.com/v3/pay/transactions/id/4200001234202703011234567890?mchid=1230000109",
    ]);
    for (const req of wx.seen) {
      expect(req.signatureValid).toBe(true);
      expect(req.method).toBe("GET");
      expect(req.body).toBe("");
      expect(req.headers["Content-Type"]).toBeUndefined();
    }
  });

  it("closes with a verified empty 204 and refuses an unsigned one", async () => {
    const signed = fakeWechat(() => ({ status: 204 }));
    await expect(makeClient(signed.fetch).client.closeOrder(order.outTradeNo)).resolves.toEqual({ requestId: "rid-1" });
    expect(signed.seen[0]?.url).toBe(
      "https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/order_20270301_0001/close",
    );
    expect(signed.seen[0]?.body).toBe('{"mchid":"1230000109"}');

    const unsigned = fakeWechat(() => ({ status: 204, signed: false }));
    await expect(makeClient(unsigned.fetch).client.closeOrder(order.outTradeNo)).rejects.toThrow(SignatureError);
  });

  it("creates and queries refunds", async () => {
    const refund = {
      refund_id: "50000000382019052709732678859",
      out_refund_no: "refund_0001",
      transaction_id: "4200001234202703011234567890",
      out_trade_no: order.outTradeNo,
      status: "PROCESSING",
      amount: { total: 2900, refund: 900, currency: "CNY" },
    };
    const wx = fakeWechat(() => ({ status: 200, body: JSON.stringify(refund) }));
    const { client } = makeClient(wx.fetch);
    const created = await client.createRefund({
      outTradeNo: order.outTradeNo,
      outRefundNo: "refund_0001",
      refundFen: 900,
      totalFen: 2900,
      reason: "缺货",
    });
    expect(created.status).toBe("PROCESSING");
    expect(JSON.parse(wx.seen[0]?.body ?? "")).toEqual({
      out_refund_no: "refund_0001",
      out_trade_no: order.outTradeNo,
      reason: "缺货",
      amount: { refund: 900, total: 2900, currency: "CNY" },
    });
    const queried = await client.queryRefund("refund_0001");
    expect(queried.refund_id).toBe(refund.refund_id);
    expect(wx.seen[1]?.url).toBe("https://api.mch.weixin.qq.com/v3/refund/domestic/refunds/refund_0001");
  });

  it.each([
    ["unsigned 200", { status: 200, body: '{"code_url":"weixin://x"}', signed: false }, SignatureError],
    [
      "200 signed over a different body",
      { status: 200, body: '{"code_url":"weixin://x"}', headers: { "Wechatpay-Nonce": "changed" } },
      SignatureError,
    ],
    ["signed 200 that is not JSON", { status: 200, body: "<html>" }, UnexpectedResponseError],
    ["signed 200 missing code_url", { status: 200, body: '{"prepay_id":"wx1"}' }, UnexpectedResponseError],
  ] as const)("rejects a %s without retrying", async (_name, reply, ErrorClass) => {
    const wx = fakeWechat(() => ({ ...reply }));
    const error = await makeClient(wx.fetch)
      .client.createNativeOrder(order)
      .catch((e: unknown) => e);
    expect((error as Error).constructor).toBe(ErrorClass);
    expect(wx.seen).toHaveLength(1);
  });

  it("rejects a bad configuration with the variable's name, never the secret", () => {
    const tooShort = "secret-but-31-bytes-long-xxxxxx";
    let caught: unknown;
    try {
      createWechatPayClient({
        mchid: "1230000109",
        appid: "wxd678efh567hg6787",
        serialNo: MCH_SERIAL,
        privateKey: merchantPrivateKeyPem,
        apiV3Key: tooShort,
        verifier: new PublicKeyVerifier(wechatPublicKey.id, wechatPublicKey.publicKeyPem),
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(/WECHAT_API_V3_KEY/);
    expect((caught as Error).message).not.toContain(tooShort);
    expect(() =>
      makeClient(fakeWechat(() => ({ status: 200 })).fetch, {
        privateKey: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----",
      }),
    ).toThrow(ConfigError);
  });
});
