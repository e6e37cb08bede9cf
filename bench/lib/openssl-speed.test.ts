import { describe, expect, it } from "vitest";
import { opensslSpeedRsa2048, parseOpensslSpeed } from "./openssl-speed";

// `openssl speed -mr -elapsed -seconds 2 rsa2048` on this machine (OpenSSL 3.0.19), stdout and stderr
// (the output has the same shape without -elapsed).
const OUTPUT = `+DTP:2048:private:rsa:2
+R1:3332:2048:2.00
+DTP:2048:public:rsa:2
+R2:57074:2048:2.01
+F2:2:2048:1666.000000:28395.024876
`;

describe("openssl speed output", () => {
  it("reads sign/s and verify/s from the +F2 summary", () => {
    expect(parseOpensslSpeed(OUTPUT)).toEqual({ signPerSecond: 1666, verifyPerSecond: 28395.024876 });
  });

  it("falls back to the raw counts when only stderr is there", () => {
    const r = parseOpensslSpeed(OUTPUT.split("\n").slice(0, 4).join("\n"));
    expect(r!.signPerSecond).toBeCloseTo(1666, 0);
    expect(r!.verifyPerSecond).toBeCloseTo(57074 / 2.01, 3);
  });

  it("returns null for output without RSA-2048 figures", () => {
    expect(parseOpensslSpeed("")).toBeNull();
    expect(parseOpensslSpeed("+F2:0:512:100000.0:900000.0\n")).toBeNull();
  });

  it("measures this machine's openssl", () => {
    const r = opensslSpeedRsa2048(1);
    // RSA-2048 verify (e = 65537) costs a small fraction of a sign on any CPU.
    expect(r.verifyPerSecond).toBeGreaterThan(r.signPerSecond * 5);
    expect(r.signPerSecond).toBeGreaterThan(100);
  });
});
