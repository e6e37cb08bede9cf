import { createHmac, timingSafeEqual } from "node:crypto";

/** `value.mac` with an HMAC-SHA256 (base64url) over the purpose and the value. */
export function signValue(value: string, key: Buffer, purpose: string): string {
  return `${value}.${mac(value, key, purpose)}`;
}

/** The value if its MAC is right, else null (constant-time compare). */
export function verifySignedValue(signed: string | undefined, key: Buffer, purpose: string): string | null {
  if (!signed) return null;
  const dot = signed.lastIndexOf(".");
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  const want = Buffer.from(mac(value, key, purpose));
  return given.length === want.length && timingSafeEqual(given, want) ? value : null;
}

function mac(value: string, key: Buffer, purpose: string): string {
  return createHmac("sha256", key).update(purpose).update("\0").update(value).digest("base64url");
}

/** A key for one use, derived from the app secret so the raw secret signs nothing itself. */
export function deriveKey(secret: string, label: string): Buffer {
  return createHmac("sha256", secret).update(label).digest();
}
