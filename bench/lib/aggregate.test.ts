import { describe, expect, it } from "vitest";
import { aggregate, formatNumber, median } from "./aggregate";

describe("bench aggregation", () => {
  it("takes the median and spread of each metric across runs", () => {
    const run = (v: number) => ({
      bench: "x",
      metrics: [{ id: "a", label: "A", value: v, unit: "ms", better: "lower" as const, target: 50 }],
    });
    const [a] = aggregate([run(30), run(10), run(20)]);
    expect(a).toMatchObject({ id: "a", median: 20, min: 10, max: 30, runs: 3, target: 50 });
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });

  it("formats figures for the table", () => {
    expect(formatNumber(1234.5, "ops/s")).toBe("1,235 ops/s");
    expect(formatNumber(0.9974, "×")).toBe("0.997×");
    expect(formatNumber(0, "")).toBe("0");
    expect(formatNumber(12.34, "ms")).toBe("12.3 ms");
  });
});
