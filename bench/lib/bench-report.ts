import { worstOf, type AggregatedMetric } from "./aggregate";
import type { RunRecord } from "./run-outcome";

/** One bench in a report: its rows, and how many of its runs were attempted and completed. */
export interface BenchSummary {
  name: string;
  title: string;
  /** When and at which commit this bench was measured (a partial run keeps the others' own). */
  date?: string;
  commit?: string;
  /** Whether the tree had uncommitted changes when it was measured (undefined: not recorded). */
  dirty?: boolean;
  /** Every attempted run (undefined in reports written before runs were recorded). */
  runRecords?: RunRecord[];
  metrics: AggregatedMetric[];
  notes?: string;
  extra: Record<string, unknown>[];
}

export interface Report {
  format?: 2;
  date: string;
  commit: string;
  /** Uncommitted paths at the start or end of the run (undefined: not recorded). */
  dirtyPaths?: string[];
  machine: { cores: number; cpu: string; node: string };
  /** Runs requested per bench. */
  runs: number;
  results: BenchSummary[];
}

// Reports written before `kind` existed: the figures those benches exited non-zero on.
const LEGACY_CHECKS: Record<string, (id: string) => boolean> = {
  notify: (id) => id === "lost" || id === "doubled",
  scaling: (id) => id.startsWith("consistency-"),
  sessions: (id) => id === "unstored",
  webhooks: (id) => id === "undelivered" || id === "lost",
};

/**
 * Reads a report of either shape. The first shape kept only median, min and max per figure and
 * no run records: the worst run is min or max (whichever is worse), and attempts stay unknown.
 */
export function normalizeReport(raw: Report): Report {
  return {
    ...raw,
    results: raw.results.map((r) => ({
      ...r,
      metrics: r.metrics.map((m) => {
        const kind = m.kind ?? (LEGACY_CHECKS[r.name]?.(m.id) ? "consistency" : undefined);
        return {
          ...m,
          ...(kind ? { kind } : {}),
          worst: m.worst ?? worstOf([m.min, m.max], m.better),
        };
      }),
    })),
  };
}

/**
 * A partial run (--only) published over the last report: the benches it measured replace
 * theirs, the others keep their figures with their own date and commit; `order` lists every bench.
 */
export function mergeReports(measured: Report, previous: Report, only: string[], order: string[]): Report {
  const kept = previous.results
    .filter((r) => !only.includes(r.name))
    .map((r) => ({ ...r, date: r.date ?? previous.date, commit: r.commit ?? previous.commit }));
  const all = [...measured.results, ...kept];
  return { ...measured, results: order.flatMap((name) => all.filter((r) => r.name === name)) };
}
