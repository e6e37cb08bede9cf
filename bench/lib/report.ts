import { writeFileSync } from "node:fs";

/**
 * One measured figure. `better` tells the table which way is good; `target` is the goal.
 * `kind: "consistency"` marks a correctness check (lost, doubled, non-204, undelivered…): a run
 * that misses its target is a failed run and makes `npm run bench` exit non-zero, whereas a
 * missed performance target is only reported.
 */
export interface Metric {
  id: string;
  label: string;
  value: number;
  unit: string;
  better: "higher" | "lower";
  target?: number;
  kind?: "performance" | "consistency";
}

export interface BenchResult {
  bench: string;
  metrics: Metric[];
  /** What a reader needs to interpret the figures (shown under the table). */
  notes?: string;
  /** Free-form extras (per-concurrency series, RSS samples…) kept in the JSON file. */
  extra?: Record<string, unknown>;
}

/**
 * Each bench prints its own human table; run by `npm run bench` it also writes its figures as
 * JSON to the file named by BENCH_JSON, which the runner aggregates (median of several runs).
 * Call it before exiting non-zero on a failed consistency check: the runner keeps that run's
 * row (it says **no**) only if the file was written.
 */
export function reportResult(result: BenchResult): void {
  const file = process.env.BENCH_JSON;
  if (file) writeFileSync(file, JSON.stringify(result, null, 2));
}

/** `--help` / `-h`: print the usage text and exit, so every bench explains itself. */
export function helpRequested(usage: string): void {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log(usage.trim());
    process.exit(0);
  }
}

/** Whether `m.value` meets its target (undefined when it has none). */
export function meets(m: Pick<Metric, "value" | "target" | "better">): boolean | undefined {
  if (m.target === undefined) return undefined;
  return m.better === "higher" ? m.value >= m.target : m.value <= m.target;
}
