import { randomInt } from "node:crypto";

// Crockford's base32 without I, L, O, U: nothing to misread on a label.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A SKU for a product created without one: `P-` + 8 random characters (40 bits). */
export function generateSku(): string {
  let s = "P-";
  for (let i = 0; i < 8; i += 1) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}
