import { meets, type BenchResult, type Metric } from "./report";

export interface AggregatedMetric extends Omit<Metric, "value"> {
  median: number;
  /** The run furthest from good: the lowest when higher is better, the highest otherwise. */
  worst: number;
  min: number;
  max: number;
  /** Runs that reported this figure. */
  runs: number;
  /** Each reporting run's value, in run order (absent in reports written before it was kept). */
  values?: number[];
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function worstOf(values: number[], better: Metric["better"]): number {
  return better === "higher" ? Math.min(...values) : Math.max(...values);
}

/** Several runs of one bench → one row per metric: median, worst run and the spread (min–max). */
export function aggregate(runs: BenchResult[]): AggregatedMetric[] {
  const byId = new Map<string, { meta: Metric; values: number[] }>();
  for (const run of runs) {
    for (const m of run.metrics) {
      const entry = byId.get(m.id) ?? { meta: m, values: [] };
      entry.values.push(m.value);
      byId.set(m.id, entry);
    }
  }
  return [...byId.values()].map(({ meta, values }) => {
    const { value: _value, ...rest } = meta;
    return {
      ...rest,
      median: median(values),
      worst: worstOf(values, meta.better),
      min: Math.min(...values),
      max: Math.max(...values),
      runs: values.length,
      values,
    };
  });
}

/**
 * A target is judged twice: at the median (the typical run) and at the worst run (what a
 * reader can count on). Undefined where the figure has no target.
 */
export function judge(m: AggregatedMetric): { atMedian: boolean | undefined; atWorst: boolean | undefined } {
  return {
    atMedian: meets({ value: m.median, target: m.target, better: m.better }),
    atWorst: meets({ value: m.worst, target: m.target, better: m.better }),
  };
}

export function formatNumber(n: number, unit: string): string {
  // Three decimals: a 0.997× ratio must not print as "1.00×" next to a missed ≥ 1.00× target.
  if (unit === "×") return `${n.toFixed(3)}×`;
  if (unit === "") return Math.round(n).toLocaleString("en-US");
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return `${n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}
