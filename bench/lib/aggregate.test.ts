import { describe, expect, it } from "vitest";
import { aggregate, formatNumber, judge, median, worstOf } from "./aggregate";
import type { Metric } from "./report";

const run = (metrics: Metric[]) => ({ bench: "x", metrics });
const rate = (value: number): Metric => ({
  id: "rate",
  label: "rate",
  value,
  unit: "/s",
  better: "higher",
  target: 1000,
});
const p99 = (value: number): Metric => ({ id: "p99", label: "p99", value, unit: "ms", better: "lower", target: 50 });

describe("bench aggregation", () => {
  it("takes the median, the worst run and the spread of each metric across runs", () => {
    const [a] = aggregate([run([p99(30)]), run([p99(10)]), run([p99(20)])]);
    expect(a).toMatchObject({ id: "p99", median: 20, worst: 30, min: 10, max: 30, runs: 3, target: 50 });
    expect(a!.values).toEqual([30, 10, 20]);
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });

  it("takes the worst run as the lowest when higher is better and the highest otherwise", () => {
    expect(worstOf([1200, 900, 1100], "higher")).toBe(900);
    expect(worstOf([12, 90, 11], "lower")).toBe(90);
    const [r] = aggregate([run([rate(1200)]), run([rate(900)]), run([rate(1100)])]);
    expect(r).toMatchObject({ median: 1100, worst: 900 });
  });

  it("judges a target at the median and at the worst run separately", () => {
    const [r, l] = aggregate([run([rate(1200), p99(40)]), run([rate(900), p99(80)]), run([rate(1100), p99(45)])]);
    expect(judge(r!)).toEqual({ atMedian: true, atWorst: false });
    expect(judge(l!)).toEqual({ atMedian: true, atWorst: false });
    const [both] = aggregate([run([rate(1300)]), run([rate(1001)])]);
    expect(judge(both!)).toEqual({ atMedian: true, atWorst: true });
    const [none] = aggregate([run([{ ...rate(5), target: undefined }])]);
    expect(judge(none!)).toEqual({ atMedian: undefined, atWorst: undefined });
  });

  it("counts a figure only over the runs that reported it", () => {
    const [a, b] = aggregate([run([rate(1000), p99(10)]), run([rate(2000)])]);
    expect(a).toMatchObject({ id: "rate", runs: 2 });
    expect(b).toMatchObject({ id: "p99", runs: 1, median: 10, worst: 10 });
  });

  it("formats figures for the table", () => {
    expect(formatNumber(1234.5, "ops/s")).toBe("1,235 ops/s");
    expect(formatNumber(0.9974, "×")).toBe("0.997×");
    expect(formatNumber(0, "")).toBe("0");
    expect(formatNumber(12.34, "ms")).toBe("12.3 ms");
  });
});
