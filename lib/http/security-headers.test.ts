import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { securityHeaderOptions, securityHeaders } from "./security-headers";

const LIVE = {
  WECHAT_APP_ID: "wx1234567890abcdef",
  WECHAT_APP_SECRET: "secret",
  WECHAT_MCH_ID: "1900000109",
  WECHAT_API_V3_KEY: "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb",
  WECHAT_CERT_SERIAL_NO: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
  WECHAT_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
  WECHAT_NOTIFY_URL: "https://shop.example.com/api/v1/payments/wechat/notify",
  NEXTAUTH_URL: "https://shop.example.com",
};

describe("securityHeaders", () => {
  it("live over https: nonce scripts, WeChat's OAuth and H5 hosts as form targets, HSTS", () => {
    const h = securityHeaders(securityHeaderOptions(loadConfig(LIVE), "N0nce", false));
    const csp = h["Content-Security-Policy"]!;
    expect(csp).toContain("script-src 'self' 'nonce-N0nce' 'strict-dynamic';");
    expect(csp).toContain("form-action 'self' https://open.weixin.qq.com https://wx.tenpay.com;");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
    expect(csp).not.toMatch(/unsafe-eval|127\.0\.0\.1/);
    expect(h["Strict-Transport-Security"]).toBe("max-age=63072000");
    expect(h).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
    });
  });

  it("demo over http: the simulator may serve the bridge and take its calls; no HSTS", () => {
    const h = securityHeaders(
      securityHeaderOptions(loadConfig({ SIMULATOR_URL: "http://127.0.0.1:3999/" }), "n", false),
    );
    const csp = h["Content-Security-Policy"]!;
    expect(csp).toContain("script-src 'self' 'nonce-n' 'strict-dynamic' http://127.0.0.1:3999;");
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:3999;");
    expect(csp).toContain("form-action 'self' http://127.0.0.1:3999;");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(h["Strict-Transport-Security"]).toBeUndefined();
  });

  it("adds 'unsafe-eval' for next dev only", () => {
    const dev = securityHeaders(securityHeaderOptions(loadConfig({}), "n", true))["Content-Security-Policy"]!;
    expect(dev).toMatch(/script-src [^;]*'unsafe-eval'/);
  });
});
