import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { lastDuePoint, lastDuePointSql, nextDuePoint } from "./query-schedule";

/** The default WORKER_QUERY_SCHEDULE_S. */
const S = loadConfig({}).worker.querySchedule;

describe("the worker's query schedule (10 s, 30 s, 1 min, 2 min, 5 min, then every 5 min)", () => {
  it.each([
    // age (s) → the latest point passed, the next one
    [0, null, 10],
    [9.9, null, 10],
    [10, 10, 30],
    [29, 10, 30],
    [30, 30, 60],
    [59, 30, 60],
    [60, 60, 120],
    [119, 60, 120],
    [120, 120, 300],
    [299, 120, 300],
    [300, 300, 600],
    [599, 300, 600],
    [600, 600, 900],
    [3599, 3300, 3600],
    [7200, 7200, 7500],
  ])("at age %s s the last point is %s and the next %s", (age, last, next) => {
    expect(lastDuePoint(S, age)).toBe(last);
    expect(nextDuePoint(S, age)).toBe(next);
  });

  it("queries a payment 5 times in its first 5 minutes and 17 times over a 2 h window", () => {
    const points = (until: number) => {
      const out: number[] = [];
      for (let t = nextDuePoint(S, -1); t <= until; t = nextDuePoint(S, t)) out.push(t);
      return out;
    };
    expect(points(300)).toEqual([10, 30, 60, 120, 300]);
    expect(points(7200)).toHaveLength(4 + 7200 / 300);
    // 10,000 payments older than 5 min cost 10,000 / 300 s ≈ 34 queries/s.
    expect(Math.ceil(10_000 / 300)).toBe(34);
  });

  it("a custom schedule: its last entry repeats", () => {
    expect(lastDuePoint([1], 0.5)).toBeNull();
    expect([1, 2, 3.5].map((a) => lastDuePoint([1], a))).toEqual([1, 2, 3]);
    expect([5, 19, 20, 45].map((a) => lastDuePoint([5, 20], a))).toEqual([5, 5, 20, 40]);
  });

  it("the SQL form is built from validated integers only", () => {
    expect(lastDuePointSql([10, 30], "age")).toBe(
      "(CASE WHEN age >= 30 THEN 30 * floor(age / 30) WHEN age >= 10 THEN 10::float8 END)",
    );
    expect(() => lastDuePointSql([1.5], "age")).toThrow();
  });
});
