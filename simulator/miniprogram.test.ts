import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Formatter, Rsa } from "wechatpay-axios-plugin";
import { outTradeNo, startTestSimulator, type TestSim } from "./test-helpers";

/* eslint-disable @typescript-eslint/no-explicit-any */
let sim: TestSim;
let wx: any;
beforeAll(async () => {
  sim = await startTestSimulator();
  wx = sim.client();
});
afterAll(() => sim.stop());

const mini = () => ({ appid: sim.merchant.miniProgramAppid, secret: sim.merchant.miniProgramAppSecret });
const login = async (user = "alice") =>
  (await sim.control<{ code: string; appid: string }>("POST", "/_sim/miniprogram/login", { user })).data;
const session = async (q: Record<string, string>) =>
  (await fetch(`${sim.url}/sns/jscode2session?${new URLSearchParams(q).toString()}`)).json() as Promise<any>;
const good = (code: string) => ({ ...mini(), js_code: code, grant_type: "authorization_code" });
const order = (no: string, appid: string, openid: string) => ({
  appid,
  mchid: sim.merchant.mchid,
  description: "小程序",
  out_trade_no: no,
  notify_url: "http://127.0.0.1:9/n",
  amount: { total: 100 },
  payer: { openid },
});
const jsapi = (body: unknown) =>
  wx.v3.pay.transactions.jsapi.post(body).then(
    (r: any) => ({ status: r.status, data: r.data }),
    (e: any) => ({ status: e.response?.status, data: e.response?.data }),
  );

describe("the mini-program at the simulator", () => {
  it("jscode2session: the openid (per appid, stable per user) and a session_key; codes are single use", async () => {
    const { code, appid } = await login("alice");
    expect(appid).toBe(sim.merchant.miniProgramAppid);
    const first = await session(good(code));
    expect(first).toEqual({ openid: expect.stringMatching(/^o[\w-]{27}$/), session_key: expect.any(String) });
    expect(await session(good(code))).toMatchObject({ errcode: 40163 });
    expect((await session(good((await login("alice")).code))).openid).toBe(first.openid);
    expect((await session(good((await login("bob")).code))).openid).not.toBe(first.openid);
  });

  it("answers like WeChat: 40029 unknown code, 40013 appid, 40125 secret, 40002 grant_type", async () => {
    const { code } = await login();
    expect(await session(good("nosuch"))).toMatchObject({ errcode: 40029 });
    expect(await session({ ...good(code), appid: sim.merchant.appid })).toMatchObject({ errcode: 40013 });
    expect(await session({ ...good(code), secret: "wrong" })).toMatchObject({ errcode: 40125 });
    expect(await session({ ...good(code), grant_type: "client_credential" })).toMatchObject({ errcode: 40002 });
    // The failed attempts above did not spend it.
    expect(await session(good(code))).toHaveProperty("openid");
  });

  it("refuses a JSAPI prepay whose openid belongs to another appid (PARAM_ERROR), as production does", async () => {
    const { openid } = await session(good((await login("carol")).code));
    const wrong = await jsapi(order(outTradeNo("MPX"), sim.merchant.appid, openid));
    expect(wrong.status).toBe(400);
    expect(wrong.data).toMatchObject({ code: "PARAM_ERROR", message: expect.stringContaining("openid") });
    const right = await jsapi(order(outTradeNo("MPY"), sim.merchant.miniProgramAppid, openid));
    expect(right.status).toBe(200);
    expect(right.data.prepay_id).toMatch(/^wx/);
    const unbound = await jsapi(order(outTradeNo("MPZ"), "wx0000000000000000", openid));
    expect(unbound.data).toMatchObject({ code: "APPID_MCHID_NOT_MATCH" });
  });

  it("wx.requestPayment checks paySign over the mini-program's appid, then pays", async () => {
    const { openid } = await session(good((await login("dave")).code));
    const no = outTradeNo("MPP");
    const { data } = await jsapi(order(no, sim.merchant.miniProgramAppid, openid));
    const sign = (appid: string) => {
      const timeStamp = String(Math.floor(Date.now() / 1000));
      const nonceStr = "n0nce";
      const pkg = `prepay_id=${data.prepay_id}`;
      const paySign = Rsa.sign(
        Formatter.joinedByLineFeed(appid, timeStamp, nonceStr, pkg),
        sim.merchant.merchantPrivateKeyPem,
      );
      return { timeStamp, nonceStr, package: pkg, signType: "RSA", paySign };
    };
    const pay = async (p: unknown) => (await sim.control<any>("POST", "/_sim/miniprogram/request-payment", p)).data;
    expect(await pay(sign(sim.merchant.appid))).toMatchObject({
      ok: false,
      errMsg: expect.stringContaining("paySign"),
    });
    expect(await pay(sign(sim.merchant.miniProgramAppid))).toEqual({ ok: true, errMsg: "requestPayment:ok" });
    const s = (
      await wx.v3.pay.transactions.outTradeNo.$out_trade_no$.get({
        params: { mchid: sim.merchant.mchid },
        out_trade_no: no,
      })
    ).data;
    expect(s).toMatchObject({ trade_state: "SUCCESS", appid: sim.merchant.miniProgramAppid, payer: { openid } });
  });

  it("a web page's prepay cannot be paid from the mini-program (appid mismatch)", async () => {
    const no = outTradeNo("MPW");
    const { data } = await jsapi(order(no, sim.merchant.appid, "o-web-payer"));
    const timeStamp = String(Math.floor(Date.now() / 1000));
    const pkg = `prepay_id=${data.prepay_id}`;
    const paySign = Rsa.sign(
      Formatter.joinedByLineFeed(sim.merchant.miniProgramAppid, timeStamp, "n", pkg),
      sim.merchant.merchantPrivateKeyPem,
    );
    const r = await sim.control<any>("POST", "/_sim/miniprogram/request-payment", {
      timeStamp,
      nonceStr: "n",
      package: pkg,
      signType: "RSA",
      paySign,
    });
    expect(r.data).toMatchObject({ ok: false, errMsg: expect.stringContaining("appId does not match") });
  });
});
