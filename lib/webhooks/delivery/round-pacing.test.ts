import { describe, expect, it } from "vitest";
import { nudgeDelay } from "./round-pacing";

const base = { nudgeDelayMs: 20, busyGapMs: 150 };

describe("nudgeDelay", () => {
  it("sends a lone event after the nudge delay when no busy round came before", () => {
    expect(nudgeDelay({ ...base, now: 1_000, lastBusyRoundStart: -Infinity })).toBe(20);
  });

  it("holds the next round until the gap after a busy round's start has passed", () => {
    expect(nudgeDelay({ ...base, now: 1_040, lastBusyRoundStart: 1_000 })).toBe(110);
  });

  it("never waits less than the nudge delay, however long ago the busy round was", () => {
    expect(nudgeDelay({ ...base, now: 1_140, lastBusyRoundStart: 1_000 })).toBe(20);
    expect(nudgeDelay({ ...base, now: 9_000, lastBusyRoundStart: 1_000 })).toBe(20);
  });

  it("is the nudge delay alone when the gap is off", () => {
    expect(nudgeDelay({ ...base, busyGapMs: 0, now: 1_001, lastBusyRoundStart: 1_000 })).toBe(20);
  });
});
