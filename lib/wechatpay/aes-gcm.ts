import { createCipheriv, createDecipheriv } from "node:crypto";
import { ConfigError, DecryptionError } from "./errors";

const TAG_BYTES = 16;
const keyCache = new Map<string, Buffer>();

/**
 * The APIv3 key is 32 ASCII bytes used as the raw AES-256 key. The error names the variable,
 * never the value. Buffers are cached per key string to skip re-encoding on every call.
 */
export function apiV3KeyBytes(apiV3Key: string): Buffer {
  const cached = keyCache.get(apiV3Key);
  if (cached) return cached;
  const bytes = Buffer.from(apiV3Key, "utf8");
  if (bytes.length !== 32) {
    throw new ConfigError(`WECHAT_API_V3_KEY must be exactly 32 bytes (got ${bytes.length})`);
  }
  if (keyCache.size >= 16) keyCache.clear();
  keyCache.set(apiV3Key, bytes);
  return bytes;
}

export interface AesGcmInput {
  apiV3Key: string;
  /** 12-char nonce from `resource.nonce`. */
  nonce: string;
  /** `resource.associated_data`, may be empty. */
  associatedData: string;
}

/** AEAD_AES_256_GCM: Base64(ciphertext || 16-byte tag) → UTF-8 plaintext; the tag is always checked. */
export function decryptAesGcm(input: AesGcmInput & { ciphertext: string }): string {
  const key = apiV3KeyBytes(input.apiV3Key);
  const data = Buffer.from(input.ciphertext, "base64");
  if (data.length < TAG_BYTES) throw new DecryptionError("AES-GCM ciphertext shorter than its tag");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(input.nonce, "utf8"));
    // The tag is always the last 16 bytes (sliced above), so a truncated tag cannot be passed.
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    decipher.setAAD(Buffer.from(input.associatedData, "utf8"));
    // final() is what checks the tag: without it a forged ciphertext would "decrypt".
    const head = decipher.update(data.subarray(0, data.length - TAG_BYTES));
    const tail = decipher.final();
    // GCM is a stream mode: final() yields no bytes, so skip the concat copy in the usual case.
    return (tail.length === 0 ? head : Buffer.concat([head, tail])).toString("utf8");
  } catch (cause) {
    throw new DecryptionError("AES-GCM authentication failed (wrong APIv3 key, nonce, AAD or tampered data)", {
      cause,
    });
  }
}

/** Inverse of decryptAesGcm, for test helpers and the simulator's fixtures. */
export function encryptAesGcm(input: AesGcmInput & { plaintext: string }): string {
  const cipher = createCipheriv("aes-256-gcm", apiV3KeyBytes(input.apiV3Key), Buffer.from(input.nonce, "utf8"), {
    authTagLength: TAG_BYTES,
  });
  cipher.setAAD(Buffer.from(input.associatedData, "utf8"));
  return Buffer.concat([cipher.update(input.plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]).toString(
    "base64",
  );
}
