import { describe, expect, it } from "vitest";
import { utf8Prefix } from "./utf8-prefix";

describe("utf8Prefix", () => {
  it.each([
    ["short ASCII kept whole", Buffer.from("ok"), 8, "ok"],
    ["exactly the limit", Buffer.from("abcd"), 4, "abcd"],
    ["cut between characters", Buffer.from("abcdef"), 4, "abcd"],
    ["a 3-byte character split by the cut is dropped", Buffer.from("ab价"), 4, "ab"],
    ["a 4-byte character split by the cut is dropped", Buffer.from("a😀b"), 4, "a"],
    ["a character ending on the limit is kept", Buffer.from("a价b"), 4, "a价"],
    ["NUL is replaced (PostgreSQL text cannot hold it)", Buffer.from([0x61, 0, 0x62]), 8, "a\uFFFDb"],
    ["invalid bytes grow into U+FFFD but stay within the limit", Buffer.from([0xff, 0xff, 0xff, 0xff]), 4, "\uFFFD"],
  ])("%s", (_name, buf, max, expected) => {
    const out = utf8Prefix(buf, max);
    expect(out).toBe(expected);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(max);
  });
});
