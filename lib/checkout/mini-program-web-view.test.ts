import { describe, expect, it } from "vitest";
import { isMiniProgramWebView, miniProgramPayUrl } from "./mini-program-web-view";

const WECHAT =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";

describe("isMiniProgramWebView", () => {
  it.each([
    [`${WECHAT} miniProgram/wx1234567890abcdef`, undefined, true],
    [`${WECHAT} MiniProgramEnv/Windows`, undefined, true],
    [WECHAT, "miniprogram", true],
    [WECHAT, undefined, false],
    [WECHAT, "browser", false],
    [null, undefined, false],
    ["Mozilla/5.0 (X11; Linux x86_64) Chrome/120", undefined, false],
  ])("%s with __wxjs_environment=%s → %s", (userAgent, wxjsEnvironment, want) =>
    expect(isMiniProgramWebView({ userAgent, wxjsEnvironment })).toBe(want),
  );
});

describe("miniProgramPayUrl", () => {
  it("names the order, and the session of a hosted checkout", () => {
    expect(miniProgramPayUrl({ orderNo: "20261201-7Q4K9MXA" })).toBe("/pages/pay/pay?orderNo=20261201-7Q4K9MXA");
    expect(miniProgramPayUrl({ orderNo: "20261201-7Q4K9MXA", checkoutSessionId: "cs_abc" })).toBe(
      "/pages/pay/pay?orderNo=20261201-7Q4K9MXA&checkoutSessionId=cs_abc",
    );
  });
});
