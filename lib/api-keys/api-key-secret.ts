import { createHash, randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** 62^43 > 2^256: 43 base62 digits hold any 32 random bytes. */
const SECRET_DIGITS = 43;
/** sk_live_… / sk_test_…; keys made before test mode existed are `sk_` + digits, and live. */
export const API_KEY_SECRET_PATTERN = /^sk_(?:(?:live|test)_)?[0-9A-Za-z]{43}$/;

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

/**
 * A new secret: `sk_live_` or `sk_test_` + 32 CSPRNG bytes in base62 (double-click selects it
 * whole; the mode is readable at a glance, as in Stripe's keys).
 */
export function generateApiKeySecret(
  mode: "live" | "test" = "live",
  random: (n: number) => Buffer = randomBytes,
): string {
  return `sk_${mode}_${base62(random(32), SECRET_DIGITS)}`;
}

/** What is stored: the SHA-256 (hex) of the secret. A 256-bit random secret needs no salt or KDF. */
export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** What a list shows: `sk_live_AbCd` (`sk_AbCd` for an old key) and the last four characters. */
export function describeSecret(secret: string): { prefix: string; lastFour: string } {
  const head = /^sk_(?:live_|test_)?/.exec(secret)?.[0] ?? "sk_";
  return { prefix: secret.slice(0, head.length + 4), lastFour: secret.slice(-4) };
}
