import { meets, type BenchResult } from "./report";

/**
 * What one run of one bench came to. A run is *completed* when it wrote its figures (BENCH_JSON),
 * whether or not it passed; its row is kept either way, so a failed check shows as **no**.
 */
export interface RunRecord {
  run: number;
  /** The bench's exit status (null when a signal ended it). */
  exit: number | null;
  signal?: string | null;
  /** It wrote its BENCH_JSON. */
  reported: boolean;
  /** Labels of the consistency figures that missed their target in this run. */
  failedChecks: string[];
  status: "passed" | "failed" | "crashed";
  /** Why the run did not pass, for the report. */
  reason?: string;
}

export function classifyRun(
  run: number,
  exit: number | null,
  signal: string | null | undefined,
  result: BenchResult | undefined,
): RunRecord {
  const ended = exit === null ? `signal ${signal ?? "?"}` : `exit ${exit}`;
  if (!result)
    return {
      run,
      exit,
      signal,
      reported: false,
      failedChecks: [],
      status: "crashed",
      reason: `${ended}, no figures written`,
    };
  // The runner judges the checks itself: a bench that forgot to exit non-zero still fails here.
  const failedChecks = result.metrics.filter((m) => m.kind === "consistency" && meets(m) === false).map((m) => m.label);
  if (failedChecks.length)
    return {
      run,
      exit,
      signal,
      reported: true,
      failedChecks,
      status: "failed",
      reason: `failed: ${failedChecks.join(", ")}`,
    };
  if (exit !== 0)
    return {
      run,
      exit,
      signal,
      reported: true,
      failedChecks,
      status: "failed",
      reason: `${ended} with no failed check among its figures`,
    };
  return { run, exit, signal, reported: true, failedChecks, status: "passed" };
}

export function countRuns(records: RunRecord[]): {
  attempted: number;
  completed: number;
  failed: number;
  crashed: number;
} {
  return {
    attempted: records.length,
    completed: records.filter((r) => r.reported).length,
    failed: records.filter((r) => r.status === "failed").length,
    crashed: records.filter((r) => r.status === "crashed").length,
  };
}

/**
 * `npm run bench` fails when any run of any bench failed a consistency check, or ended without
 * its figures (then nothing was checked). Missed performance targets are reported, not fatal.
 */
export function benchExitCode(benches: { runRecords?: RunRecord[] }[]): 0 | 1 {
  return benches.some((b) => b.runRecords?.some((r) => r.status !== "passed")) ? 1 : 0;
}
