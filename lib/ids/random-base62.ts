import { randomInt } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `length` base62 characters from the CSPRNG (each uniform: randomInt has no modulo bias). */
export function randomBase62(length: number): string {
  let s = "";
  for (let i = 0; i < length; i += 1) s += BASE62[randomInt(62)];
  return s;
}
