import { describe, expect, it } from "vitest";
import { isReusable, PAYMENT_WINDOW_MS, paymentWindowMs } from "./payment-window";

describe("paymentWindowMs", () => {
  it("uses each channel's window by default", () => {
    expect(paymentWindowMs("NATIVE", undefined)).toBe(PAYMENT_WINDOW_MS.NATIVE);
    expect(paymentWindowMs("H5", undefined)).toBe(5 * 60_000);
  });

  it("takes the configured override, never past WeChat Pay's 5 minutes for H5", () => {
    expect(paymentWindowMs("NATIVE", 90)).toBe(90_000);
    expect(paymentWindowMs("JSAPI", 3600)).toBe(3_600_000);
    expect(paymentWindowMs("H5", 3600)).toBe(5 * 60_000);
  });
});

describe("isReusable", () => {
  const now = new Date("2026-12-01T08:00:00Z");
  const later = new Date(now.getTime() + 10 * 60_000);
  const web = { channel: "JSAPI" as const, expiresAt: later, openid: "oWeb", appid: "wxweb" };
  it("reuses a JSAPI attempt only for the same openid in the same app (web page or mini-program)", () => {
    expect(isReusable(web, "JSAPI", { openid: "oWeb", appid: "wxweb" }, now)).toBe(true);
    expect(isReusable(web, "JSAPI", { openid: "oWeb", appid: "wxmini" }, now)).toBe(false);
    expect(isReusable(web, "JSAPI", { openid: "oMini", appid: "wxweb" }, now)).toBe(false);
    expect(isReusable(web, "NATIVE", { openid: null, appid: "wxweb" }, now)).toBe(false);
    expect(isReusable({ ...web, expiresAt: new Date(now.getTime() + 20_000) }, "JSAPI", web, now)).toBe(false);
  });
});
