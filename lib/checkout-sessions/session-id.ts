import { randomInt } from "node:crypto";
import { SESSION_ID_PATTERN } from "./session-schemas";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `cs_` + 32 base62 characters from the CSPRNG (~190 bits): unguessable, so the page URL is the capability. */
export function newSessionId(): string {
  let s = "cs_";
  for (let i = 0; i < 32; i += 1) s += BASE62[randomInt(62)];
  return s;
}

export const isSessionId = (s: string) => SESSION_ID_PATTERN.test(s);
