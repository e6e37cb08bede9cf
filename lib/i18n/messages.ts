/** Shopper-facing strings. Chinese is the default; English by Accept-Language or the toggle. */
export const messages = {
  "zh-CN": {
    siteName: "微信支付收银台",
    catalogTitle: "精选好物",
    catalogSubtitle: "微信扫码或在微信内直接支付",
    empty: "暂无商品",
    languageToggle: "English",
    demoBanner: "演示模式：支付由内置的微信支付模拟器处理，不会产生真实扣款。",
    footer: "使用微信支付 API v3",
  },
  en: {
    siteName: "WeChat Pay Checkout",
    catalogTitle: "Featured",
    catalogSubtitle: "Scan with WeChat, or pay inside WeChat",
    empty: "No products yet",
    languageToggle: "中文",
    demoBanner: "Demo mode: payments go to the bundled WeChat Pay simulator; no real money moves.",
    footer: "Powered by WeChat Pay API v3",
  },
} as const;

export type Locale = keyof typeof messages;
export type Messages = (typeof messages)[Locale];
export const LOCALES = Object.keys(messages) as Locale[];
