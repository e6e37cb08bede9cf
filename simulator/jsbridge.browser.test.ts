import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Formatter, Rsa } from "wechatpay-axios-plugin";
import { outTradeNo, startTestSimulator, type TestSim } from "./test-helpers";

/* eslint-disable @typescript-eslint/no-explicit-any */
let sim: TestSim;
let browser: Browser;
let app: http.Server;
let appUrl = "";

beforeAll(async () => {
  sim = await startTestSimulator();
  // The "app": another origin whose page loads the shim from the simulator.
  app = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(
      `<!doctype html><html><head><script src="${sim.url}/_sim/jsbridge.js"></script></head><body><p id="out"></p></body></html>`,
    );
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", () => r()));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/`;
  browser = await chromium.launch({
    // Debian's Chromium unless CHROMIUM_PATH says where (as playwright.config.ts and npm test do).
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => app.close(() => r()));
  await sim.stop();
});

async function payParams(): Promise<{ no: string; params: Record<string, string> }> {
  const wx: any = sim.client();
  const no = outTradeNo("B");
  const { data } = await wx.v3.pay.transactions.jsapi.post({
    appid: sim.merchant.appid,
    mchid: sim.merchant.mchid,
    description: "浏览器测试 browser",
    out_trade_no: no,
    notify_url: "http://127.0.0.1:9/n",
    amount: { total: 88 },
    payer: { openid: "oBROWSER00000000000000000000" },
  });
  const timeStamp = String(Formatter.timestamp());
  const nonceStr = Formatter.nonce();
  const pkg = `prepay_id=${data.prepay_id}`;
  const paySign = Rsa.sign(
    Formatter.joinedByLineFeed(sim.merchant.appid, timeStamp, nonceStr, pkg),
    Rsa.from(sim.merchant.merchantPrivateKeyPem, Rsa.KEY_TYPE_PRIVATE),
  );
  return { no, params: { appId: sim.merchant.appid, timeStamp, nonceStr, package: pkg, signType: "RSA", paySign } };
}

const tradeState = async (no: string) =>
  (await sim.control<any>("GET", "/_sim/orders")).data.find((o: any) => o.out_trade_no === no)?.trade_state;

describe("jsbridge.js in Chromium (cross-origin)", () => {
  it("WeixinJSBridge: sheet shows the amount, Pay answers ok and the order is paid; Cancel answers cancel", async () => {
    const page = await browser.newPage();
    await page.goto(appUrl);
    const ready = await page.evaluate(() => typeof (window as any).WeixinJSBridge?.invoke === "function");
    expect(ready).toBe(true);

    const { no, params } = await payParams();
    const result = page.evaluate(
      (p) => new Promise<any>((resolve) => (window as any).WeixinJSBridge.invoke("getBrandWCPayRequest", p, resolve)),
      params,
    );
    await page.getByRole("dialog").waitFor();
    expect(await page.getByTestId("wechat-pay-amount").textContent()).toBe("¥0.88");
    await page.getByRole("button", { name: "支付 Pay" }).click();
    expect(await result).toEqual({ err_msg: "get_brand_wcpay_request:ok" });
    expect(await tradeState(no)).toBe("SUCCESS");

    const second = await payParams();
    const cancelled = page.evaluate(
      (p) => new Promise<any>((resolve) => (window as any).WeixinJSBridge.invoke("getBrandWCPayRequest", p, resolve)),
      second.params,
    );
    await page.getByRole("button", { name: "取消 Cancel" }).click();
    expect(await cancelled).toEqual({ err_msg: "get_brand_wcpay_request:cancel" });
    expect(await tradeState(second.no)).toBe("NOTPAY");

    const bad = await page.evaluate(
      (p) =>
        new Promise<any>((resolve) =>
          (window as any).WeixinJSBridge.invoke("getBrandWCPayRequest", { ...p, paySign: "AAAA" }, resolve),
        ),
      second.params,
    );
    expect(bad.err_msg).toBe("get_brand_wcpay_request:fail");
    await page.close();
  });

  it("offers no wx.requestPayment: a mini-program web-view cannot pay", async () => {
    const page = await browser.newPage();
    await page.goto(appUrl);
    await page.waitForFunction(() => !!(window as any).WeixinJSBridge);
    expect(await page.evaluate(() => typeof (window as any).wx?.requestPayment)).toBe("undefined");
    await page.close();
  });

  it("scan and H5 pages work by clicking, H5 returns to redirect_url", async () => {
    const wx: any = sim.client();
    const page = await browser.newPage({ viewport: { width: 375, height: 667 } });
    const no = outTradeNo("BS");
    const base = {
      appid: sim.merchant.appid,
      mchid: sim.merchant.mchid,
      description: "扫码 scan",
      notify_url: "http://127.0.0.1:9/n",
      amount: { total: 1234 },
    };
    const { data } = await wx.v3.pay.transactions.native.post({ ...base, out_trade_no: no });
    await page.goto(`${sim.url}/scan?code_url=${encodeURIComponent(data.code_url)}`);
    expect(await page.getByTestId("amount").textContent()).toBe("¥12.34");
    await page.getByRole("button", { name: "支付 Pay" }).click();
    await page.getByText("支付成功 Payment successful").waitFor();
    expect(await tradeState(no)).toBe("SUCCESS");

    const h5no = outTradeNo("BH");
    const h5 = await wx.v3.pay.transactions.h5.post({
      ...base,
      out_trade_no: h5no,
      scene_info: { payer_client_ip: "127.0.0.1", h5_info: { type: "Wap" } },
    });
    await page.goto(`${h5.data.h5_url}&redirect_url=${encodeURIComponent(`${appUrl}?back=1`)}`);
    await page.getByRole("button", { name: "支付 Pay" }).click();
    await page.waitForURL(`${appUrl}?back=1`);
    expect(await tradeState(h5no)).toBe("SUCCESS");
    await page.close();
  });
});
