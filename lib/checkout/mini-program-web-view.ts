/**
 * A mini-program's web-view has no payment permission: WeixinJSBridge's getBrandWCPayRequest
 * and wx.requestPayment do not pay there. Such a page hands the shopper to the merchant's
 * mini-program pay page instead (docs/miniprogram.md), which pays natively.
 */
export const MINIPROGRAM_PAY_PAGE = "/pages/pay/pay";

/**
 * Inside a mini-program web-view: WeChat's UA carries `miniProgram` (Android and iOS since 7.0),
 * and the JS-SDK sets `window.__wxjs_environment = 'miniprogram'` (the only sign on older iOS).
 */
export function isMiniProgramWebView(env: { userAgent?: string | null; wxjsEnvironment?: unknown }): boolean {
  return /miniProgram/i.test(env.userAgent ?? "") || env.wxjsEnvironment === "miniprogram";
}

/**
 * The page wx.miniProgram.navigateTo opens: `/pages/pay/pay?orderNo=…`, plus `checkoutSessionId`
 * for a hosted checkout (the mini-program then pays the session, so its expiry is honoured).
 */
export function miniProgramPayUrl(target: { orderNo: string; checkoutSessionId?: string }): string {
  const q = new URLSearchParams({ orderNo: target.orderNo });
  if (target.checkoutSessionId) q.set("checkoutSessionId", target.checkoutSessionId);
  return `${MINIPROGRAM_PAY_PAGE}?${q.toString()}`;
}
