import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * 32 chars of [0-9A-Za-z] from the CSPRNG. Rejection sampling (bytes >= 248 are dropped)
 * keeps every character equally likely, unlike `byte % 62`.
 */
export function createNonce(length = 32): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length + 8)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}
