import { ValidationError } from "./errors";

// Documented field limits, checked before anything is signed or sent so a bad value never
// costs a round trip (or a half-understood PARAM_ERROR).

const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Length in characters (code points), the unit WeChat Pay's limits are written in. */
function chars(value: string): number {
  return [...value].length;
}

export function checkOutTradeNo(value: string, field = "out_trade_no"): string {
  if (!OUT_TRADE_NO.test(value)) throw new ValidationError(field, "must be 6-32 chars of [0-9A-Za-z_-|*]");
  return value;
}

export function checkOutRefundNo(value: string): string {
  if (!OUT_REFUND_NO.test(value)) throw new ValidationError("out_refund_no", "must be 1-64 chars of [0-9A-Za-z_-|*@]");
  return value;
}

/**
 * True when every character is 1–3 bytes in UTF-8 (the Basic Multilingual Plane). WeChat Pay
 * refuses 4-byte characters (emoji, rare CJK extensions) in description, attach and refund
 * reason with PARAM_ERROR; lone surrogates cannot be encoded at all.
 */
export function isWechatText(value: string): boolean {
  return !/[\uD800-\uDFFF]/.test(value);
}

export function checkText(field: string, value: string, max: number, required: boolean): string {
  if (required && value.trim() === "") throw new ValidationError(field, "must not be empty");
  if (chars(value) > max) throw new ValidationError(field, `must be at most ${max} characters`);
  if (!isWechatText(value)) {
    throw new ValidationError(field, "must contain only 1-3-byte UTF-8 characters (no emoji)");
  }
  return value;
}

/** Integer fen ≥ 1 (never yuan floats) and within a signed 32-bit range. */
export function checkAmountFen(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > 2_147_483_647) {
    throw new ValidationError(field, "must be an integer number of fen >= 1");
  }
  return value;
}

export function checkCurrency(value: string | undefined): "CNY" {
  if (value !== undefined && value !== "CNY") throw new ValidationError("currency", "only CNY is supported");
  return "CNY";
}

/**
 * https, no query string (WeChat Pay drops it), no credentials. `allowHttp` exists for the
 * simulator on localhost; the client enables it only when not talking to WeChat Pay itself.
 */
export function checkNotifyUrl(value: string, allowHttp = false): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError("notify_url", "must be an absolute URL");
  }
  if (url.protocol !== "https:" && !(allowHttp && url.protocol === "http:")) {
    throw new ValidationError("notify_url", "must use https");
  }
  if (url.search || value.includes("?")) throw new ValidationError("notify_url", "must not carry a query string");
  if (url.username || url.password) throw new ValidationError("notify_url", "must not carry credentials");
  if (chars(value) > 255) throw new ValidationError("notify_url", "must be at most 255 characters");
  return value;
}

/** Date → `YYYY-MM-DDTHH:mm:ss+08:00` (Beijing time, as WeChat Pay writes it); strings are checked. */
export function formatTimeExpire(value: Date | string): string {
  if (typeof value === "string") {
    if (!RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
      throw new ValidationError("time_expire", "must be RFC 3339, e.g. 2026-01-01T12:00:00+08:00");
    }
    return value;
  }
  if (Number.isNaN(value.getTime())) throw new ValidationError("time_expire", "is an invalid Date");
  const beijing = new Date(value.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${beijing}+08:00`;
}

/** yyyy-MM-dd, a real calendar date. */
export function checkBillDate(value: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  const ok = !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(value);
  if (!ok) throw new ValidationError("bill_date", "must be a date formatted yyyy-MM-dd");
  return value;
}
