import { createHash, randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** 62^43 > 2^256: 43 base62 digits hold any 32 random bytes. */
const SECRET_DIGITS = 43;
export const API_KEY_SECRET_PATTERN = /^sk_[0-9A-Za-z]{43}$/;

/** Base62 of the bytes read as one big number, left-padded: uniform, since no digit is dropped. */
function base62(bytes: Buffer, digits: number): string {
  let n = BigInt(`0x${bytes.toString("hex")}`);
  let out = "";
  while (n > 0n) {
    out = BASE62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(digits, "0");
}

/** A new secret: `sk_` + 32 CSPRNG bytes in base62 (double-click selects it whole). */
export function generateApiKeySecret(random: (n: number) => Buffer = randomBytes): string {
  return `sk_${base62(random(32), SECRET_DIGITS)}`;
}

/** What is stored: the SHA-256 (hex) of the secret. A 256-bit random secret needs no salt or KDF. */
export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** What a list shows: `sk_AbCd` and the last four characters. */
export function describeSecret(secret: string): { prefix: string; lastFour: string } {
  return { prefix: secret.slice(0, 7), lastFour: secret.slice(-4) };
}
