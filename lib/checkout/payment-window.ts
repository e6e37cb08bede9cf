import type { PaymentChannel } from "@/lib/generated/prisma/enums";

/**
 * How long one payment attempt stays payable (its time_expire at WeChat Pay). Each window is
 * inside what WeChat Pay keeps the credential alive (code_url and prepay_id 2 h, h5_url 5 min),
 * so a stored credential is valid exactly as long as its attempt.
 */
export const PAYMENT_WINDOW_MS: Readonly<Record<PaymentChannel, number>> = {
  NATIVE: 15 * 60_000,
  JSAPI: 15 * 60_000,
  H5: 5 * 60_000,
};

/** The window for a new attempt; PAYMENT_WINDOW_SECONDS (validated in lib/config) overrides it. */
export function paymentWindowMs(channel: PaymentChannel, overrideSeconds: number | undefined): number {
  return overrideSeconds === undefined
    ? PAYMENT_WINDOW_MS[channel]
    : Math.min(overrideSeconds * 1000, channel === "H5" ? PAYMENT_WINDOW_MS.H5 : Infinity);
}

/** An attempt this close to its expiry is not handed out again: the shopper could not finish. */
const REUSE_MARGIN_MS = 30_000;

interface ReusableCandidate {
  channel: PaymentChannel;
  expiresAt: Date;
  openid: string | null;
  appid: string;
}

/** Whether a pending attempt can be shown again to this shopper on this channel. */
export function isReusable(
  p: ReusableCandidate,
  channel: PaymentChannel,
  payer: { openid: string | null; appid: string },
  now: Date,
): boolean {
  if (p.channel !== channel) return false;
  if (p.expiresAt.getTime() - now.getTime() <= REUSE_MARGIN_MS) return false;
  // A JSAPI prepay is bound to its payer's openid and the app (web page or mini-program) it is in.
  return channel !== "JSAPI" || (p.openid === payer.openid && p.appid === payer.appid);
}
