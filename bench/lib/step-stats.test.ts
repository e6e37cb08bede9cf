import { describe, expect, it } from "vitest";
import { checkoutsPerSecond, percentile, stepStats } from "./step-stats";

describe("percentile (nearest rank)", () => {
  it("picks the sample at ceil(p·n), unsorted input", () => {
    const v = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 95)).toBe(100);
    expect(percentile(v, 90)).toBe(90);
    expect(percentile(v, 0)).toBe(10);
  });

  it("is the only sample for one, NaN for none", () => {
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it("does not reorder the caller's array", () => {
    const v = [3, 1, 2];
    percentile(v, 50);
    expect(v).toEqual([3, 1, 2]);
  });
});

describe("stepStats", () => {
  it("counts, p50, p95 and max rounded to 0.1 ms", () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1 + 0.04);
    expect(stepStats(v)).toEqual({ count: 100, p50: 50, p95: 95, max: 100 });
  });
});

describe("checkoutsPerSecond", () => {
  it("divides completed checkouts by the sale's duration", () => {
    expect(checkoutsPerSecond(50, 1000, 6000)).toBe(10);
  });
  it("is 0 with nothing completed or no elapsed time", () => {
    expect(checkoutsPerSecond(0, 0, 1000)).toBe(0);
    expect(checkoutsPerSecond(5, 1000, 1000)).toBe(0);
  });
});
