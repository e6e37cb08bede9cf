import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Aes, Formatter, Rsa } from "wechatpay-axios-plugin";
import { outTradeNo, startTestSimulator, type TestSim } from "./test-helpers";

/* eslint-disable @typescript-eslint/no-explicit-any */
let sim: TestSim;
let wx: any;
beforeAll(async () => {
  sim = await startTestSimulator();
  wx = sim.client("both");
});
afterAll(() => sim.stop());

const order = (no: string, extra: Record<string, unknown> = {}) => ({
  appid: sim.merchant.appid,
  mchid: sim.merchant.mchid,
  description: "Image形象店-深圳腾大-QQ公仔",
  out_trade_no: no,
  notify_url: "http://127.0.0.1:9/notify",
  amount: { total: 1234, currency: "CNY" },
  ...extra,
});

async function fails(p: Promise<unknown>): Promise<{ status: number; data: any; headers: any }> {
  try {
    await p;
  } catch (e: any) {
    if (e.response) return { status: e.response.status, data: e.response.data, headers: e.response.headers };
    throw e;
  }
  throw new Error("expected the request to fail");
}

const query = (no: string) =>
  wx.v3.pay.transactions.outTradeNo.$out_trade_no$.get({ params: { mchid: sim.merchant.mchid }, out_trade_no: no });

describe("prepay, query, close with an independent client", () => {
  it("native: signed request accepted, signed response verified, re-entry gives a fresh code_url", async () => {
    const no = outTradeNo("N");
    const a = await wx.v3.pay.transactions.native.post(order(no));
    expect(a.status).toBe(200);
    expect(a.data.code_url).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=\w+$/);
    expect(a.headers["wechatpay-serial"]).toBe(sim.merchant.platformPublicKeyId);
    expect(a.headers["wechatpay-signature-type"]).toBe("WECHATPAY2-SHA256-RSA2048");
    expect(a.headers["request-id"]).toBeTruthy();
    const b = await wx.v3.pay.transactions.native.post(order(no));
    expect(b.data.code_url).not.toBe(a.data.code_url);
    const q = await query(no);
    expect(q.data).toMatchObject({ out_trade_no: no, trade_state: "NOTPAY", amount: { total: 1234 } });
  });

  it("jsapi: same parameters -> same prepay_id; different -> OUT_TRADE_NO_USED", async () => {
    const no = outTradeNo("J");
    const body = order(no, { payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" } });
    const a = await wx.v3.pay.transactions.jsapi.post(body);
    expect(a.data.prepay_id).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    const b = await wx.v3.pay.transactions.jsapi.post(body);
    expect(b.data.prepay_id).toBe(a.data.prepay_id);
    const c = await fails(wx.v3.pay.transactions.jsapi.post({ ...body, amount: { total: 1 } }));
    expect(c.status).toBe(403);
    expect(c.data.code).toBe("OUT_TRADE_NO_USED");
    expect(c.headers["wechatpay-signature"]).toBeUndefined();
    expect(c.headers["request-id"]).toBeTruthy();
    const d = await fails(wx.v3.pay.transactions.native.post(order(no)));
    expect(d.data.code).toBe("OUT_TRADE_NO_USED");
  });

  it("h5: needs scene_info; returns an h5_url on the simulator", async () => {
    const no = outTradeNo("H");
    const bad = await fails(wx.v3.pay.transactions.h5.post(order(no)));
    expect(bad.data).toMatchObject({ code: "PARAM_ERROR", detail: { field: "scene_info" } });
    const ok = await wx.v3.pay.transactions.h5.post(
      order(no, { scene_info: { payer_client_ip: "127.0.0.1", h5_info: { type: "Wap" } } }),
    );
    expect(ok.data.h5_url).toMatch(new RegExp(`^${sim.url}/h5pay\\?token=\\w+$`));
  });

  it.each([
    ["description", { description: "" }],
    ["description", { description: "x".repeat(128) }],
    ["out_trade_no", { out_trade_no: "abc" }],
    ["out_trade_no", { out_trade_no: "has space 123" }],
    ["amount.total", { amount: { total: 0 } }],
    ["amount.total", { amount: { total: 1.5 } }],
    ["amount.currency", { amount: { total: 1, currency: "USD" } }],
    ["notify_url", { notify_url: "http://example.com/notify" }],
    ["notify_url", { notify_url: "https://example.com/notify?x=1" }],
    ["attach", { attach: "a".repeat(129) }],
    ["description", { description: "咖啡 ☕ 可以, 🍵 不行" }],
    ["attach", { attach: "ok 😀" }],
    ["time_expire", { time_expire: "tomorrow" }],
    ["time_expire", { time_expire: "2001-01-01T00:00:00+08:00" }],
    ["appid", { appid: undefined }],
  ])("PARAM_ERROR names %s", async (field, patch) => {
    const r = await fails(wx.v3.pay.transactions.native.post(order(outTradeNo("V"), patch)));
    expect(r.status).toBe(400);
    expect(r.data.code).toBe("PARAM_ERROR");
    expect(r.data.detail.field).toBe(field);
  });

  it("wrong appid -> APPID_MCHID_NOT_MATCH; body mchid differing from header -> INVALID_REQUEST", async () => {
    expect(
      (await fails(wx.v3.pay.transactions.native.post(order(outTradeNo(), { appid: "wx0000000000000000" })))).data.code,
    ).toBe("APPID_MCHID_NOT_MATCH");
    const r = await fails(wx.v3.pay.transactions.native.post(order(outTradeNo(), { mchid: "1900000110" })));
    expect(r.data).toMatchObject({ code: "INVALID_REQUEST", detail: { field: "mchid" } });
  });

  it("query unknown -> 404 ORDER_NOT_EXIST; query by transaction_id after payment", async () => {
    expect((await fails(query("NOPE123456"))).data.code).toBe("ORDER_NOT_EXIST");
    const no = outTradeNo("Q");
    await wx.v3.pay.transactions.native.post(order(no));
    const paid = await sim.control<any>("POST", `/_sim/orders/${no}/pay`);
    expect(paid.data.trade_state).toBe("SUCCESS");
    const byId = await wx.v3.pay.transactions.id._transaction_id_.get({
      params: { mchid: sim.merchant.mchid },
      transaction_id: paid.data.transaction_id,
    });
    expect(byId.data).toMatchObject({
      out_trade_no: no,
      trade_state: "SUCCESS",
      trade_type: "NATIVE",
      payer: { openid: expect.stringMatching(/^o/) },
    });
    expect(byId.data.amount).toEqual({ total: 1234, payer_total: 1234, currency: "CNY", payer_currency: "CNY" });
    expect(byId.data.success_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    const again = await fails(wx.v3.pay.transactions.native.post(order(no)));
    expect(again.data.code).toBe("ORDERPAID");
    const close = await fails(
      wx.v3.pay.transactions.outTradeNo.$out_trade_no$.close.post({ mchid: sim.merchant.mchid }, { out_trade_no: no }),
    );
    expect(close.data.code).toBe("ORDERPAID");
  });

  it("close is 204 (signed, empty body) and idempotent; prepay after close -> ORDER_CLOSED", async () => {
    const no = outTradeNo("C");
    await wx.v3.pay.transactions.native.post(order(no));
    const close = () =>
      wx.v3.pay.transactions.outTradeNo.$out_trade_no$.close.post({ mchid: sim.merchant.mchid }, { out_trade_no: no });
    expect((await close()).status).toBe(204);
    expect((await close()).status).toBe(204);
    expect((await query(no)).data.trade_state).toBe("CLOSED");
    expect((await fails(wx.v3.pay.transactions.native.post(order(no)))).data.code).toBe("ORDER_CLOSED");
    expect((await sim.control("POST", `/_sim/orders/${no}/pay`)).status).toBe(400);
  });

  it("time_expire is honoured on the business clock", async () => {
    const no = outTradeNo("E");
    const inTenMinutes = new Date(Date.now() + 600_000 + 8 * 3600_000).toISOString().slice(0, 19) + "+08:00";
    await wx.v3.pay.transactions.native.post(order(no, { time_expire: inTenMinutes }));
    expect((await query(no)).data.trade_state).toBe("NOTPAY");
    const adv = await sim.control<any>("POST", "/_sim/clock/advance", { seconds: 601 });
    expect(adv.data.expired).toContain(no);
    expect((await query(no)).data.trade_state).toBe("CLOSED");
    await sim.control("POST", "/_sim/clock/advance", { seconds: -601 });
  });
});

describe("signatures", () => {
  it("a tampered request gets 401 SIGN_ERROR in WeChat's error shape, unsigned", async () => {
    const body = JSON.stringify(order(outTradeNo("S")));
    const ts = Formatter.timestamp();
    const n = Formatter.nonce();
    const sig = Rsa.sign(
      Formatter.request("POST", "/v3/pay/transactions/native", ts, n, body),
      Rsa.from(sim.merchant.merchantPrivateKeyPem, Rsa.KEY_TYPE_PRIVATE),
    );
    const auth = Formatter.authorization(sim.merchant.mchid, n, sig, ts, sim.merchant.merchantSerialNo);
    const send = (b: string) =>
      fetch(`${sim.url}/v3/pay/transactions/native`, {
        method: "POST",
        headers: { Authorization: auth, "Content-Type": "application/json", Accept: "application/json" },
        body: b,
      });
    const tampered = await send(body.replace("1234", "1"));
    expect(tampered.status).toBe(401);
    expect(tampered.headers.get("wechatpay-signature")).toBeNull();
    expect(tampered.headers.get("request-id")).toBeTruthy();
    expect(await tampered.json()).toMatchObject({
      code: "SIGN_ERROR",
      message: expect.any(String),
      detail: { location: "authorization" },
    });
    expect((await send(body)).status).toBe(200);
  });

  it("a stale request timestamp gets 401", async () => {
    const ts = Formatter.timestamp() - 400;
    const n = Formatter.nonce();
    const p = `/v3/pay/transactions/out-trade-no/X123456?mchid=${sim.merchant.mchid}`;
    const sig = Rsa.sign(
      Formatter.request("GET", p, ts, n, ""),
      Rsa.from(sim.merchant.merchantPrivateKeyPem, Rsa.KEY_TYPE_PRIVATE),
    );
    const r = await fetch(`${sim.url}${p}`, {
      headers: {
        Authorization: Formatter.authorization(sim.merchant.mchid, n, sig, ts, sim.merchant.merchantSerialNo),
      },
    });
    expect(r.status).toBe(401);
  });

  it("responses verify with the public key in public-key mode and the certificate in certificate mode; migration uses both", async () => {
    const pk = sim.client("public-key");
    const cert = sim.client("certificate");
    const no = outTradeNo("M");
    await (pk as any).v3.pay.transactions.native.post(order(no));
    expect((await fails((cert as any).v3.pay.transactions.native.post(order(no)))).status).toBe(200); // plugin rejects: unknown serial
    await sim.control("POST", "/_sim/signing-mode", { mode: "certificate" });
    const r = await (cert as any).v3.pay.transactions.native.post(order(no));
    expect(r.headers["wechatpay-serial"]).toBe(sim.merchant.platformCertificateSerialNo);
    await sim.control("POST", "/_sim/signing-mode", { mode: "migration" });
    const serials = new Set<string>();
    for (let i = 0; i < 4; i++)
      serials.add((await wx.v3.pay.transactions.native.post(order(no))).headers["wechatpay-serial"]);
    expect(serials).toEqual(new Set([sim.merchant.platformPublicKeyId, sim.merchant.platformCertificateSerialNo]));
    // a request naming one key (Wechatpay-Serial) gets answers signed by that key
    for (let i = 0; i < 3; i++) {
      const only = await (pk as any).v3.pay.transactions.native.post(order(no), {
        headers: { "Wechatpay-Serial": sim.merchant.platformPublicKeyId },
      });
      expect(only.headers["wechatpay-serial"]).toBe(sim.merchant.platformPublicKeyId);
    }
    await sim.control("POST", "/_sim/signing-mode", { mode: "public-key" });
  });

  it("/v3/certificates: RESOURCE_NOT_EXISTS in public-key mode; an encrypted certificate otherwise", async () => {
    expect((await fails(wx.v3.certificates.get())).data.code).toBe("RESOURCE_NOT_EXISTS");
    await sim.control("POST", "/_sim/signing-mode", { mode: "certificate" });
    const r = await wx.v3.certificates.get();
    const item = r.data.data[0];
    expect(item.serial_no).toBe(sim.merchant.platformCertificateSerialNo);
    expect(item.effective_time).toMatch(/\+08:00$/);
    const { nonce, associated_data, ciphertext } = item.encrypt_certificate;
    expect(associated_data).toBe("certificate");
    const pem = Aes.AesGcm.decrypt(ciphertext, sim.merchant.apiV3Key, nonce, associated_data);
    expect(pem).toBe(sim.merchant.platformCertificatePem);
    expect(new X509Certificate(pem).serialNumber.toUpperCase()).toBe(item.serial_no);
    await sim.control("POST", "/_sim/signing-mode", { mode: "public-key" });
  });

  it("unknown paths are 404 NOT_FOUND, unsigned", async () => {
    const r = await fetch(`${sim.url}/v3/nope`);
    expect(r.status).toBe(404);
    expect(r.headers.get("wechatpay-signature")).toBeNull();
  });
});
