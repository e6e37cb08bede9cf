import type { PaymentChannel } from "@/lib/generated/prisma/enums";
import { isMiniProgramWebView } from "./mini-program-web-view";

interface ChannelChoice {
  channel: PaymentChannel;
  /** Inside a mini-program web-view: no payment there; the page hands over to the mini-program. */
  miniProgram: boolean;
}

const MOBILE = /Android|iPhone|iPad|iPod|Mobile|HarmonyOS|Windows Phone/i;

/** Desktop → Native QR; the WeChat in-app browser → JSAPI; any other phone browser → H5. */
export function pickChannel(userAgent: string | null | undefined): ChannelChoice {
  const ua = userAgent ?? "";
  if (/MicroMessenger/i.test(ua)) return { channel: "JSAPI", miniProgram: isMiniProgramWebView({ userAgent: ua }) };
  if (MOBILE.test(ua)) return { channel: "H5", miniProgram: false };
  return { channel: "NATIVE", miniProgram: false };
}
