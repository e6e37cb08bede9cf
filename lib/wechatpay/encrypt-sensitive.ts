import { constants, createPublicKey, publicEncrypt, type KeyObject } from "node:crypto";

/** The WeChat Pay key that encrypts a request's sensitive fields, and its id for Wechatpay-Serial. */
export interface EncryptionKey {
  /** PUB_KEY_ID_… (public-key mode) or the platform certificate's serial. */
  serial: string;
  publicKey: KeyObject | string;
}

/**
 * Encrypts one sensitive field (a bank account number, a real name) as WeChat Pay requires:
 * RSAES-OAEP with SHA-1 and MGF1-SHA-1 under its public key or platform certificate, Base64.
 */
export function encryptSensitive(plaintext: string, key: EncryptionKey): string {
  const publicKey = typeof key.publicKey === "string" ? createPublicKey(key.publicKey) : key.publicKey;
  return publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
    Buffer.from(plaintext, "utf8"),
  ).toString("base64");
}
