import { describe, expect, it } from "vitest";
import { PAYMENT_WINDOW_MS, paymentWindowMs } from "./payment-window";

describe("paymentWindowMs", () => {
  it("uses each channel's window by default", () => {
    expect(paymentWindowMs("NATIVE", undefined)).toBe(PAYMENT_WINDOW_MS.NATIVE);
    expect(paymentWindowMs("H5", undefined)).toBe(5 * 60_000);
  });

  it("takes the configured override, never past WeChat Pay's 5 minutes for H5", () => {
    expect(paymentWindowMs("NATIVE", 90)).toBe(90_000);
    expect(paymentWindowMs("JSAPI", 3600)).toBe(3_600_000);
    expect(paymentWindowMs("H5", 3600)).toBe(5 * 60_000);
  });
});
