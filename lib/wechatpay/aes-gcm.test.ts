import { describe, expect, it } from "vitest";
import { decryptAesGcm, encryptAesGcm } from "./aes-gcm";
import { ConfigError, DecryptionError } from "./errors";

// wechatpay-java's known answer (see shared/wechatpay-v3.md §3).
const kat = {
  apiV3Key: "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb",
  nonce: "uluk4a9R25RW",
  associatedData: "associatedData",
};
const katCiphertext = "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=";

function flipByte(b64: string, index: number): string {
  const bytes = Buffer.from(b64, "base64");
  bytes[index] = (bytes[index] ?? 0) ^ 1;
  return bytes.toString("base64");
}

describe("AEAD_AES_256_GCM", () => {
  it("decrypts the known answer", () => {
    expect(decryptAesGcm({ ...kat, ciphertext: katCiphertext })).toBe("message");
  });

  it("encrypts to the known answer", () => {
    expect(encryptAesGcm({ ...kat, plaintext: "message" })).toBe(katCiphertext);
  });

  it("round-trips UTF-8 and an empty AAD", () => {
    const input = { ...kat, associatedData: "", plaintext: "支付成功 ✓" };
    expect(decryptAesGcm({ ...input, ciphertext: encryptAesGcm(input) })).toBe(input.plaintext);
  });

  it.each([
    ["tampered ciphertext byte", { ciphertext: flipByte(katCiphertext, 0) }],
    ["tampered tag byte", { ciphertext: flipByte(katCiphertext, 20) }],
    ["wrong AAD", { associatedData: "transaction" }],
    ["wrong nonce", { nonce: "uluk4a9R25RX" }],
    ["wrong key", { apiV3Key: "b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb" }],
    ["tag missing", { ciphertext: Buffer.from("short").toString("base64") }],
  ])("rejects %s with DecryptionError", (_name, change) => {
    expect(() => decryptAesGcm({ ...kat, ciphertext: katCiphertext, ...change })).toThrow(DecryptionError);
  });

  it("rejects a key that is not 32 bytes, naming the variable but not the key", () => {
    const badKey = "short-secret-key-value";
    let caught: unknown;
    try {
      decryptAesGcm({ ...kat, apiV3Key: badKey, ciphertext: katCiphertext });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toContain("WECHAT_API_V3_KEY");
    expect((caught as Error).message).not.toContain(badKey);
  });
});
