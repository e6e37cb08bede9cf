import { describe, expect, it } from "vitest";
import { newOrderNo, newOutTradeNo, ORDER_NO_PATTERN, OUT_TRADE_NO_PATTERN } from "./identifiers";

describe("identifiers", () => {
  it("dates order numbers by the China calendar day", () => {
    expect(newOrderNo(new Date("2026-11-26T15:59:59Z"))).toMatch(/^20261126-/);
    expect(newOrderNo(new Date("2026-11-26T16:00:00Z"))).toMatch(/^20261127-/);
  });

  it("makes readable, distinct order numbers", () => {
    const seen = new Set(Array.from({ length: 500 }, () => newOrderNo()));
    expect(seen.size).toBe(500);
    for (const n of seen) {
      expect(n).toMatch(ORDER_NO_PATTERN);
      expect(n.slice(9)).not.toMatch(/[01OIL]/);
    }
  });

  it("makes out_trade_no values WeChat Pay accepts, new per attempt", () => {
    const orderNo = newOrderNo();
    const a = newOutTradeNo(orderNo);
    const b = newOutTradeNo(orderNo);
    expect(a).not.toBe(b);
    for (const v of [a, b]) {
      expect(v).toMatch(OUT_TRADE_NO_PATTERN);
      expect(v.length).toBeLessThanOrEqual(32);
      expect(v.startsWith(orderNo.replace("-", ""))).toBe(true);
    }
  });
});
