import { createCipheriv, createDecipheriv } from "node:crypto";

/** AEAD_AES_256_GCM as WeChat Pay uses it: Base64(ciphertext || 16-byte tag). */
export function aesGcmEncrypt(plaintext: string, apiV3Key: string, nonce: string, aad: string): string {
  const key = Buffer.from(apiV3Key, "utf8");
  if (key.length !== 32) throw new Error("APIv3 key must be 32 bytes");
  const cipher = createCipheriv("aes-256-gcm", key, Buffer.from(nonce, "utf8"));
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([body, cipher.getAuthTag()]).toString("base64");
}

/** Decrypts and authenticates (final() checks the tag; a wrong key or AAD throws). */
export function aesGcmDecrypt(ciphertextBase64: string, apiV3Key: string, nonce: string, aad: string): string {
  const raw = Buffer.from(ciphertextBase64, "base64");
  if (raw.length < 16) throw new Error("ciphertext too short");
  const decipher = createDecipheriv("aes-256-gcm", Buffer.from(apiV3Key, "utf8"), Buffer.from(nonce, "utf8"));
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString("utf8");
}
