import { describe, expect, it } from "vitest";
import { currentRequestId, runWithRequestId } from "./request-context";
import { requestIdFor } from "./request-id";

describe("request ids", () => {
  it.each([
    ["abc-123", "abc-123"],
    ["A.b_c-9", "A.b_c-9"],
    ["x".repeat(64), "x".repeat(64)],
  ])("keeps a well-formed x-request-id %s", (raw, kept) => {
    expect(requestIdFor(raw)).toBe(kept);
  });

  it.each([
    ["too long", "x".repeat(65)],
    ["empty", ""],
    ["a space", "abc def"],
    ["a newline (log injection)", "abc\ninjected"],
    ["a quote", 'abc"'],
    ["non-ASCII", "abcé"],
    ["a slash", "a/b"],
    ["absent", null],
  ])("replaces one with %s by a fresh UUID", (_what, raw) => {
    const id = requestIdFor(raw);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFor(raw)).not.toBe(id);
  });

  it("is the current request id inside its scope, across awaits, and only there", async () => {
    expect(currentRequestId()).toBeNull();
    const seen = await runWithRequestId("req-1", async () => {
      await new Promise((r) => setTimeout(r, 5));
      const inner = await runWithRequestId("req-2", async () => currentRequestId());
      return [currentRequestId(), inner];
    });
    expect(seen).toEqual(["req-1", "req-2"]);
    expect(currentRequestId()).toBeNull();
  });
});
