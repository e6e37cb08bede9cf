import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Formatter, Rsa } from "wechatpay-axios-plugin";
import { outTradeNo, startReceiver, startTestSimulator, waitFor, type TestSim } from "./test-helpers";

/* eslint-disable @typescript-eslint/no-explicit-any */
let sim: TestSim;
let wx: any;
beforeAll(async () => {
  sim = await startTestSimulator();
  wx = sim.client();
});
afterAll(() => sim.stop());

const base = (no: string, extra: Record<string, unknown> = {}) => ({
  appid: sim.merchant.appid,
  mchid: sim.merchant.mchid,
  description: "<script>alert(1)</script> 公仔",
  out_trade_no: no,
  notify_url: "http://127.0.0.1:9/n",
  amount: { total: 1234 },
  ...extra,
});
const state = async (no: string) =>
  (
    await wx.v3.pay.transactions.outTradeNo.$out_trade_no$.get({
      params: { mchid: sim.merchant.mchid },
      out_trade_no: no,
    })
  ).data;
const form = (url: string, fields: Record<string, string>) =>
  fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

describe("scan page (Native)", () => {
  it("renders merchant, escaped description, ¥ amount and accessible Pay / Cancel buttons", async () => {
    const no = outTradeNo("S");
    const { data } = await wx.v3.pay.transactions.native.post(base(no));
    const res = await fetch(`${sim.url}/scan?code_url=${encodeURIComponent(data.code_url)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="viewport"');
    expect(html).toContain("演示商户 Demo Merchant");
    expect(html).toContain("¥12.34");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; 公仔");
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toMatch(/<button[^>]*aria-label="支付 Pay"/);
    expect(html).toMatch(/<button[^>]*aria-label="取消 Cancel"/);
    const list = await (await fetch(`${sim.url}/scan`)).text();
    expect(list).toContain(`/scan?out_trade_no=${no}`);
  });

  it("cancel leaves NOTPAY; pay marks SUCCESS and notifies", async () => {
    const rx = await startReceiver(() => 204);
    const no = outTradeNo("S");
    await wx.v3.pay.transactions.native.post(base(no, { notify_url: rx.url }));
    const cancel = await form(`${sim.url}/scan`, { out_trade_no: no, decision: "cancel" });
    expect(await cancel.text()).toContain("已取消 Payment cancelled");
    expect((await state(no)).trade_state).toBe("NOTPAY");
    const pay = await form(`${sim.url}/scan`, { out_trade_no: no, decision: "pay" });
    expect(await pay.text()).toContain("支付成功 Payment successful");
    expect((await state(no)).trade_state).toBe("SUCCESS");
    await waitFor(() => rx.received.length === 1);
    const again = await fetch(`${sim.url}/scan?out_trade_no=${no}`);
    expect(again.status).toBe(409);
    await rx.close();
  });

  it("an unknown or expired code_url is refused", async () => {
    expect(
      (await fetch(`${sim.url}/scan?code_url=${encodeURIComponent("weixin://wxpay/bizpayurl?pr=nope")}`)).status,
    ).toBe(404);
    const no = outTradeNo("S");
    const { data } = await wx.v3.pay.transactions.native.post(base(no));
    await sim.control("POST", "/_sim/clock/advance", { seconds: 7201 });
    const r = await fetch(`${sim.url}/scan?code_url=${encodeURIComponent(data.code_url)}`);
    expect(await r.text()).toContain("二维码已过期");
    await sim.control("POST", "/_sim/clock/advance", { seconds: -7201 });
  });
});

describe("H5 page", () => {
  it("pays and returns to the merchant's redirect_url; the link lives 5 minutes", async () => {
    const no = outTradeNo("H");
    const { data } = await wx.v3.pay.transactions.h5.post(
      base(no, { scene_info: { payer_client_ip: "127.0.0.1", h5_info: { type: "Wap" } } }),
    );
    const back = "http://127.0.0.1:3000/checkout/return?order=1";
    const page = await fetch(`${data.h5_url}&redirect_url=${encodeURIComponent(back)}`);
    const html = await page.text();
    expect(html).toContain("¥12.34");
    const token = new URL(data.h5_url).searchParams.get("token")!;
    const res = await form(`${sim.url}/h5pay`, { token, redirect_url: back, decision: "pay" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(back);
    expect((await state(no)).trade_state).toBe("SUCCESS");

    const no2 = outTradeNo("H");
    const d2 = (
      await wx.v3.pay.transactions.h5.post(
        base(no2, { scene_info: { payer_client_ip: "127.0.0.1", h5_info: { type: "Wap" } } }),
      )
    ).data;
    await sim.control("POST", "/_sim/clock/advance", { seconds: 301 });
    expect((await fetch(d2.h5_url)).status).toBe(404);
    await sim.control("POST", "/_sim/clock/advance", { seconds: -301 });
  });
});

describe("JSAPI bridge", () => {
  const signed = (prepayId: string, key = sim.merchant.merchantPrivateKeyPem) => {
    const timeStamp = String(Formatter.timestamp());
    const nonceStr = Formatter.nonce();
    const pkg = `prepay_id=${prepayId}`;
    const paySign = Rsa.sign(
      Formatter.joinedByLineFeed(sim.merchant.appid, timeStamp, nonceStr, pkg),
      Rsa.from(key, Rsa.KEY_TYPE_PRIVATE),
    );
    return { appId: sim.merchant.appid, timeStamp, nonceStr, package: pkg, signType: "RSA", paySign };
  };
  const jsapi = async (path: string, body: unknown) => {
    const r = await fetch(`${sim.url}/_sim/jsapi/${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "http://127.0.0.1:3000" },
      body: JSON.stringify(body),
    });
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    return (await r.json()) as any;
  };

  it("serves the shim with CORS, defining WeixinJSBridge (and no wx.requestPayment: web-views cannot pay)", async () => {
    const r = await fetch(`${sim.url}/_sim/jsbridge.js`);
    expect(r.headers.get("content-type")).toContain("javascript");
    const js = await r.text();
    for (const s of [
      "WeixinJSBridgeReady",
      "getBrandWCPayRequest",
      "get_brand_wcpay_request:",
      "/_sim/jsapi/check",
      '"支付", "Pay"',
      '"取消", "Cancel"',
    ])
      expect(js).toContain(s);
    expect(js).not.toContain("requestPayment =");
    expect(() => new Function(js)).not.toThrow();
    const pre = await fetch(`${sim.url}/_sim/jsapi/check`, { method: "OPTIONS" });
    expect(pre.headers.get("access-control-allow-methods")).toContain("POST");
  });

  it("checks paySign against the merchant key; pays; honours fail-next", async () => {
    const no = outTradeNo("J");
    const { data } = await wx.v3.pay.transactions.jsapi.post(
      base(no, { payer: { openid: "oPAYER000000000000000000000" } }),
    );
    const params = signed(data.prepay_id);
    expect(await jsapi("check", params)).toMatchObject({
      ok: true,
      amountText: "¥12.34",
      merchantName: expect.any(String),
    });
    expect(
      await jsapi("check", {
        ...params,
        paySign: signed(data.prepay_id).paySign.replace(/^./, (c) => (c === "A" ? "B" : "A")),
      }),
    ).toMatchObject({ ok: false });
    const { privateKey } = await import("node:crypto").then((c) =>
      c.generateKeyPairSync("rsa", { modulusLength: 2048 }),
    );
    const forged = signed(data.prepay_id, privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    expect(await jsapi("pay", forged)).toMatchObject({ ok: false, err_desc: expect.stringContaining("paySign") });
    // The web bridge always names its appId; without it (a web-view trying the mini-program way) it is refused.
    const { appId: _a, ...miniProgram } = params;
    expect(await jsapi("check", miniProgram)).toMatchObject({ ok: false, err_desc: "missing appId" });

    await sim.control("POST", "/_sim/jsapi/fail-next");
    expect(await jsapi("pay", params)).toMatchObject({ ok: false });
    // A failed JSAPI attempt leaves the order payable (PAYERROR is for payment-code payments only).
    expect((await state(no)).trade_state).toBe("NOTPAY");
    expect(await jsapi("pay", params)).toEqual({ ok: true });
    const s = await state(no);
    expect(s).toMatchObject({
      trade_state: "SUCCESS",
      trade_type: "JSAPI",
      payer: { openid: "oPAYER000000000000000000000" },
    });
    expect(await jsapi("pay", params)).toMatchObject({ ok: false });
  });
});

describe("OAuth2 snsapi_base", () => {
  const authorize = (user?: string) =>
    fetch(
      `${sim.url}/connect/oauth2/authorize?appid=${sim.merchant.appid}&redirect_uri=${encodeURIComponent("http://127.0.0.1:3000/api/oauth/callback?x=1")}&response_type=code&scope=snsapi_base&state=S7${user ? `&sim_user=${user}` : ""}#wechat_redirect`,
      { redirect: "manual" },
    );
  const token = async (code: string, secret = sim.merchant.appSecret) =>
    (await (
      await fetch(
        `${sim.url}/sns/oauth2/access_token?appid=${sim.merchant.appid}&secret=${secret}&code=${code}&grant_type=authorization_code`,
      )
    ).json()) as any;

  it("redirects back with a single-use code and the state; stable openid per user", async () => {
    const r = await authorize();
    expect(r.status).toBe(302);
    const loc = new URL(r.headers.get("location")!);
    expect(loc.pathname).toBe("/api/oauth/callback");
    expect(loc.searchParams.get("x")).toBe("1");
    expect(loc.searchParams.get("state")).toBe("S7");
    const code = loc.searchParams.get("code")!;
    const first = await token(code);
    expect(first).toMatchObject({ openid: expect.stringMatching(/^o/), scope: "snsapi_base", expires_in: 7200 });
    expect(await token(code)).toEqual({ errcode: 40029, errmsg: "invalid code" });
    const again = await token(new URL((await authorize()).headers.get("location")!).searchParams.get("code")!);
    expect(again.openid).toBe(first.openid);
    const bob = await token(new URL((await authorize("bob")).headers.get("location")!).searchParams.get("code")!);
    expect(bob.openid).not.toBe(first.openid);
    expect(await token("garbage")).toEqual({ errcode: 40029, errmsg: "invalid code" });
    expect(
      (await token(new URL((await authorize()).headers.get("location")!).searchParams.get("code")!, "wrong")).errcode,
    ).toBe(40125);
  });

  it("codes expire after 5 minutes; a wrong appid is refused", async () => {
    const code = new URL((await authorize()).headers.get("location")!).searchParams.get("code")!;
    await sim.control("POST", "/_sim/clock/advance", { seconds: 301 });
    expect((await token(code)).errcode).toBe(40029);
    await sim.control("POST", "/_sim/clock/advance", { seconds: -301 });
    const bad = await fetch(
      `${sim.url}/connect/oauth2/authorize?appid=wxnope&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&response_type=code&scope=snsapi_base`,
      { redirect: "manual" },
    );
    expect(bad.status).toBe(400);
  });
});

describe("console and control API", () => {
  it("lists orders, refunds and deliveries; health and merchant", async () => {
    const no = outTradeNo("K");
    await wx.v3.pay.transactions.native.post(base(no));
    const html = await (await fetch(`${sim.url}/console`)).text();
    expect(html).toContain(no);
    expect(html).toContain("Notification deliveries");
    expect((await sim.control<any>("GET", "/_sim/health")).data).toMatchObject({ ok: true, url: sim.url });
    const m = (await sim.control<any>("GET", "/_sim/merchant")).data;
    expect(m).toEqual(sim.merchant);
    expect(Object.keys(m)).toEqual([
      "gateway",
      "mchid",
      "appid",
      "appSecret",
      "apiV3Key",
      "merchantSerialNo",
      "merchantPrivateKeyPem",
      "platformPublicKeyId",
      "platformPublicKeyPem",
      "platformCertificateSerialNo",
      "platformCertificatePem",
      "miniProgramAppid",
      "miniProgramAppSecret",
    ]);
    expect(m.gateway).toBe(sim.url);
    const st = (await sim.control<any>("GET", "/_sim/state")).data;
    expect(st.orders.some((o: any) => o.out_trade_no === no)).toBe(true);
    expect((await sim.control<any>("POST", "/_sim/orders/NOSUCH1/pay")).status).toBe(404);
    // pages from other sites can't drive the control API; loopback pages (the app) can
    const evil = await fetch(`${sim.url}/_sim/orders/${no}/pay`, {
      method: "POST",
      headers: { Origin: "https://evil.example" },
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    expect((await fetch(`${sim.url}/_sim/merchant`, { headers: { Origin: "https://evil.example" } })).status).toBe(403);
    const local = await fetch(`${sim.url}/_sim/health`, { headers: { Origin: "http://127.0.0.1:3000" } });
    expect(local.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:3000");
    const shim = await fetch(`${sim.url}/_sim/jsapi/check`, {
      method: "POST",
      headers: { Origin: "https://shop.example" },
      body: "{}",
    });
    expect(shim.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("browser-facing checks (another site in the same browser)", () => {
  /** A raw request: fetch will not let a test choose the Host header. */
  const raw = (method: string, path: string, headers: Record<string, string>, body = "") =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const u = new URL(sim.url);
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          method,
          path,
          headers: { ...headers, "Content-Length": Buffer.byteLength(body) },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const formHeaders = { "Content-Type": "application/x-www-form-urlencoded" };

  it("answers browser routes only to loopback Host names (DNS rebinding cannot read the demo keys)", async () => {
    const port = new URL(sim.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])
      expect((await raw("GET", "/_sim/merchant", { Host: host })).status).toBe(200);
    const rebound = await raw("GET", "/_sim/merchant", { Host: `evil.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain("PRIVATE KEY");
    expect((await raw("GET", "/scan", { Host: `evil.example:${port}` })).status).toBe(403);
    const no = outTradeNo("R");
    await wx.v3.pay.transactions.native.post(base(no));
    const pay = await raw(
      "POST",
      "/scan",
      { ...formHeaders, Host: `evil.example:${port}` },
      `out_trade_no=${no}&decision=pay`,
    );
    expect(pay.status).toBe(403);
    expect((await state(no)).trade_state).toBe("NOTPAY");
  });

  it("accepts the pay forms only from the simulator's own pages (or from no browser at all)", async () => {
    const no = outTradeNo("O");
    await wx.v3.pay.transactions.native.post(base(no));
    const host = new URL(sim.url).host;
    const post = (origin: string | undefined) =>
      raw(
        "POST",
        "/scan",
        { ...formHeaders, Host: host, ...(origin === undefined ? {} : { Origin: origin }) },
        `out_trade_no=${no}&decision=cancel`,
      );
    expect((await post("https://evil.example")).status).toBe(403);
    expect((await post("null")).status).toBe(403);
    expect((await post("http://127.0.0.1:1")).status).toBe(403);
    const h5 = await raw("POST", "/h5pay", { ...formHeaders, Host: host, Origin: "https://evil.example" }, "token=x");
    expect(h5.status).toBe(403);
    expect((await post(`http://${host}`)).status).toBe(200);
    expect((await post(undefined)).status).toBe(200);
    expect((await state(no)).trade_state).toBe("NOTPAY");
  });

  it("refuses the control API to Origin: null (sandboxed frames, file: pages)", async () => {
    expect((await raw("GET", "/_sim/merchant", { Host: new URL(sim.url).host, Origin: "null" })).status).toBe(403);
  });
});
