import type { PaymentChannel } from "@/lib/generated/prisma/enums";

interface ChannelChoice {
  channel: PaymentChannel;
  /** Inside a mini-program web-view: pay with wx.requestPayment instead of WeixinJSBridge. */
  miniProgram: boolean;
}

const MOBILE = /Android|iPhone|iPad|iPod|Mobile|HarmonyOS|Windows Phone/i;

/** Desktop → Native QR; the WeChat in-app browser → JSAPI; any other phone browser → H5. */
export function pickChannel(userAgent: string | null | undefined): ChannelChoice {
  const ua = userAgent ?? "";
  if (/MicroMessenger/i.test(ua)) return { channel: "JSAPI", miniProgram: /miniProgram/i.test(ua) };
  if (MOBILE.test(ua)) return { channel: "H5", miniProgram: false };
  return { channel: "NATIVE", miniProgram: false };
}
