import type { Locale } from "./locale";

// The error page's strings in their own module: it is a client component on every page's first
// load (app/error.tsx, app/global-error.tsx), so it must not bundle the whole shop dictionary in
// both languages (that was 2 × 3.4 KB gzip). The shop dictionaries include these.

export const serviceErrorZh = {
  errorTitle: "服务暂时不可用",
  errorBody: "我们暂时无法完成你的请求，订单和付款不会因此丢失或重复。请稍后重试。",
  errorReference: "错误编号",
  retry: "重试",
};

export type ServiceErrorMessages = typeof serviceErrorZh;

export const serviceErrorEn: ServiceErrorMessages = {
  errorTitle: "Temporarily unavailable",
  errorBody:
    "We could not complete your request just now. No order or payment is lost or doubled by this; please try again shortly.",
  errorReference: "Reference",
  retry: "Try again",
};

export const serviceErrorMessages: Record<Locale, ServiceErrorMessages> = {
  "zh-CN": serviceErrorZh,
  en: serviceErrorEn,
};
