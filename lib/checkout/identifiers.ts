import { randomInt } from "node:crypto";

// No 0/O, 1/I/L: order numbers get read aloud to support and typed from receipts.
const FRIENDLY = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const TRADE = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function pick(alphabet: string, n: number): string {
  let s = "";
  for (let i = 0; i < n; i += 1) s += alphabet[randomInt(alphabet.length)];
  return s;
}

/** The shopper's calendar day in China (UTC+8), as yyyyMMdd. */
function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, "");
}

/** Human-friendly order number, e.g. 20261126-7Q4K9MXA (8 random chars: ~8.5e11 per day). */
export function newOrderNo(now: Date = new Date()): string {
  return `${chinaDate(now)}-${pick(FRIENDLY, 8)}`;
}

export const ORDER_NO_PATTERN = /^\d{8}-[2-9A-HJKMNP-Z]{8}$/;

/**
 * A fresh out_trade_no for each payment attempt: the order number without its dash plus 10
 * random chars (26 chars of [0-9A-Za-z_], inside WeChat Pay's 6–32 of [0-9A-Za-z_-|*]).
 * A new attempt (new code, other channel) never reuses one: WeChat Pay ties an out_trade_no
 * to its first parameters.
 */
export function newOutTradeNo(orderNo: string): string {
  return `${orderNo.replace(/-/g, "")}_${pick(TRADE, 10)}`.slice(0, 32);
}

export const OUT_TRADE_NO_PATTERN = /^[0-9A-Za-z_\-|*]{6,32}$/;
