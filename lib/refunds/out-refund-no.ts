import { randomBytes } from "node:crypto";

/**
 * A new out_refund_no: "RF" + China date + 20 hex chars (30 chars, within WeChat Pay's 64 of
 * [0-9A-Za-z_-|*@]). Random rather than sequential so numbers reveal nothing and never collide
 * across instances; the unique index is the final guard.
 */
export function newOutRefundNo(now: Date = new Date()): string {
  // China date, like the order numbers the merchant sees next to it.
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll("-", "");
  return `RF${day}${randomBytes(10).toString("hex")}`;
}
