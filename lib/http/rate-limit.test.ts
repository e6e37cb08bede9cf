import { describe, expect, it } from "vitest";
import { RateLimitedError } from "@/lib/errors/app-error";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows `limit` hits per window per key, then refuses until the window resets", () => {
    let now = 1_000;
    const rl = new RateLimiter(3, 60_000, () => now);
    rl.hit("a");
    rl.hit("a");
    rl.hit("a");
    expect(() => rl.hit("a")).toThrow(RateLimitedError);
    rl.hit("b");
    now += 60_000;
    expect(() => rl.hit("a")).not.toThrow();
  });

  it("says when to come back", () => {
    const rl = new RateLimiter(1, 10_000, () => 0);
    rl.hit("k");
    try {
      rl.hit("k");
      expect.unreachable();
    } catch (e) {
      expect((e as RateLimitedError).retryAfterSeconds).toBe(10);
    }
  });
});
