import { randomBase62 } from "@/lib/ids/random-base62";
import { SESSION_ID_PATTERN } from "./session-schemas";

/** `cs_` + 32 base62 characters from the CSPRNG (~190 bits): unguessable, so the page URL is the capability. */
export function newSessionId(): string {
  return `cs_${randomBase62(32)}`;
}

export const isSessionId = (s: string) => SESSION_ID_PATTERN.test(s);
