import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { API_KEY_SECRET_PATTERN, describeSecret, generateApiKeySecret, hashApiKeySecret } from "./api-key-secret";
import { apiKeyLabel } from "./authenticate-api-key";

describe("API key secrets", () => {
  it("are sk_live_ / sk_test_ + 43 base62 digits, all different", () => {
    const secrets = Array.from({ length: 2000 }, (_, i) => generateApiKeySecret(i % 2 ? "test" : "live"));
    for (const [i, s] of secrets.entries()) {
      expect(s).toMatch(i % 2 ? /^sk_test_[0-9A-Za-z]{43}$/ : /^sk_live_[0-9A-Za-z]{43}$/);
      expect(API_KEY_SECRET_PATTERN.test(s)).toBe(true);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it("encode all 32 random bytes: the smallest and largest values keep 43 digits, and bytes map one-to-one", () => {
    expect(generateApiKeySecret("live", () => Buffer.alloc(32, 0))).toBe(`sk_live_${"0".repeat(43)}`);
    const max = generateApiKeySecret("live", () => Buffer.alloc(32, 0xff));
    expect(max).toMatch(API_KEY_SECRET_PATTERN);
    const one = Buffer.alloc(32, 0);
    one[31] = 61;
    expect(generateApiKeySecret("live", () => one)).toBe(`sk_live_${"0".repeat(42)}z`);
    one[31] = 62;
    expect(generateApiKeySecret("live", () => one)).toBe(`sk_live_${"0".repeat(41)}10`);
    // Decoding gives the bytes back (no digit is dropped or biased away).
    const bytes = Buffer.from("a3".repeat(32), "hex");
    const digits = generateApiKeySecret("live", () => bytes).slice(8);
    const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const n = [...digits].reduce((acc, d) => acc * 62n + BigInt(B62.indexOf(d)), 0n);
    expect(n.toString(16).padStart(64, "0")).toBe(bytes.toString("hex"));
  });

  it("asks for exactly 32 bytes of randomness", () => {
    const asked: number[] = [];
    generateApiKeySecret("live", (n) => {
      asked.push(n);
      return Buffer.alloc(n, 7);
    });
    expect(asked).toEqual([32]);
  });

  it("are stored as the SHA-256 hex of the secret", () => {
    const s = generateApiKeySecret();
    const h = hashApiKeySecret(s);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).toBe(createHash("sha256").update(s).digest("hex"));
    expect(hashApiKeySecret(s)).toBe(h);
    expect(hashApiKeySecret(`${s.slice(0, -1)}${s.endsWith("a") ? "b" : "a"}`)).not.toBe(h);
  });

  it("are shown as sk_live_/sk_test_ + 4 characters and the last four (keys from before test mode: sk_ + 4)", () => {
    const s = `sk_AbCd${"x".repeat(35)}WxYz`;
    expect(s).toMatch(API_KEY_SECRET_PATTERN);
    expect(describeSecret(s)).toEqual({ prefix: "sk_AbCd", lastFour: "WxYz" });
    expect(describeSecret(`sk_test_AbCd${"x".repeat(35)}WxYz`)).toEqual({ prefix: "sk_test_AbCd", lastFour: "WxYz" });
    expect(describeSecret(`sk_live_AbCd${"x".repeat(35)}WxYz`)).toEqual({ prefix: "sk_live_AbCd", lastFour: "WxYz" });
    expect(API_KEY_SECRET_PATTERN.test(`sk_demo_AbCd${"x".repeat(35)}WxYz`)).toBe(false);
  });
});

describe("apiKeyLabel", () => {
  it("names the key by prefix, last four and name, never the secret, within 200 characters", () => {
    expect(apiKeyLabel({ prefix: "sk_AbCd", lastFour: "WxYz", name: "Shop backend" })).toBe(
      "api_key:sk_AbCd…WxYz (Shop backend)",
    );
    const long = apiKeyLabel({ prefix: "sk_AbCd", lastFour: "WxYz", name: "n".repeat(300) });
    expect(long).toHaveLength(200);
    expect(long.startsWith("api_key:sk_AbCd…WxYz (")).toBe(true);
  });
});
