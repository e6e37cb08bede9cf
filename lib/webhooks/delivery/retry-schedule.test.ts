import { describe, expect, it } from "vitest";
import { nextAttemptAt } from "./retry-schedule";

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const created = new Date("2026-12-01T00:00:00Z");
const at = (ms: number) => new Date(created.getTime() + ms);

describe("nextAttemptAt", () => {
  // [attempts made, when the last one ended (ms after the event), scale, expected next (ms after the event) | null]
  it.each([
    [1, 0, 1, 5 * S],
    [2, 5 * S, 1, 5 * S + 5 * M],
    [3, 5 * M, 1, 35 * M],
    [4, 35 * M, 1, 35 * M + 2 * H],
    [5, 3 * H, 1, 8 * H],
    [6, 8 * H, 1, 18 * H],
    [7, 18 * H, 1, 28 * H],
    [8, 28 * H, 1, 40 * H],
    [9, 40 * H, 1, 52 * H],
    [10, 52 * H, 1, 64 * H],
    [11, 60 * H, 1, 72 * H], // lands exactly on the 3-day mark: still made
    [11, 64 * H, 1, null], // 76 h > 72 h: give up
    [1, 72 * H, 1, null], // a first attempt made after the window (a late resend) is not retried
    [1, 0, 0.001, 5], // scaled: 5 ms
    [4, 0, 0.001, 7.2 * S], // 2 h scaled
    [11, 64 * H * 0.001, 0.001, null], // the window shrinks with the schedule
  ] as const)("after %i attempts at +%i ms (scale %d) → %s", (attemptsMade, endedAt, scale, expected) => {
    const next = nextAttemptAt({ attemptsMade, eventCreatedAt: created, now: at(endedAt), scale });
    expect(next === null ? null : next.getTime() - created.getTime()).toBe(expected);
  });

  it("walks the whole schedule: 11 attempts over 3 days, then gives up", () => {
    const times = [0];
    let now = created;
    for (let n = 1; ; n++) {
      const next = nextAttemptAt({ attemptsMade: n, eventCreatedAt: created, now, scale: 1 });
      if (!next) break;
      times.push(next.getTime() - created.getTime());
      now = next;
    }
    expect(times.map((t) => t / S)).toEqual([0, 5, 305, 2105, 9305, 27305, 63305, 99305, 142505, 185705, 228905]);
    expect(times.at(-1)).toBeLessThanOrEqual(72 * H);
  });

  it("refuses nonsense input", () => {
    expect(() => nextAttemptAt({ attemptsMade: 0, eventCreatedAt: created, now: created, scale: 1 })).toThrow(
      RangeError,
    );
    expect(() => nextAttemptAt({ attemptsMade: 1, eventCreatedAt: created, now: created, scale: 0 })).toThrow(
      RangeError,
    );
  });
});
