import { describe, expect, it } from "vitest";
import type { BenchResult, Metric } from "./report";
import { benchExitCode, classifyRun, countRuns } from "./run-outcome";

const lost = (value: number): Metric => ({
  id: "lost",
  label: "lost",
  value,
  unit: "",
  better: "lower",
  target: 0,
  kind: "consistency",
});
const rate = (value: number): Metric => ({
  id: "rate",
  label: "rate",
  value,
  unit: "/s",
  better: "higher",
  target: 1000,
});
const result = (...metrics: Metric[]): BenchResult => ({ bench: "notify", metrics });

describe("run outcome", () => {
  it("passes a run that exits 0 with every check met, even when a performance target is missed", () => {
    const r = classifyRun(1, 0, null, result(rate(400), lost(0)));
    expect(r).toMatchObject({ status: "passed", reported: true, failedChecks: [] });
    expect(benchExitCode([{ runRecords: [r] }])).toBe(0);
  });

  it("keeps a run whose check failed as completed but failed, naming the check", () => {
    const r = classifyRun(2, 1, null, result(rate(1200), lost(3)));
    expect(r).toMatchObject({ status: "failed", reported: true, failedChecks: ["lost"] });
    expect(r.reason).toContain("lost");
    expect(countRuns([classifyRun(1, 0, null, result(lost(0))), r])).toEqual({
      attempted: 2,
      completed: 2,
      failed: 1,
      crashed: 0,
    });
  });

  it("fails a check the bench itself did not exit non-zero on", () => {
    expect(classifyRun(1, 0, null, result(lost(1))).status).toBe("failed");
  });

  it("fails a non-zero exit that wrote figures but no failed check", () => {
    const r = classifyRun(1, 1, null, result(lost(0)));
    expect(r.status).toBe("failed");
    expect(r.reason).toMatch(/exit 1/);
  });

  it("counts a run without figures as attempted, not completed", () => {
    const r = classifyRun(3, null, "SIGKILL", undefined);
    expect(r).toMatchObject({ status: "crashed", reported: false });
    expect(r.reason).toMatch(/SIGKILL/);
    expect(countRuns([r])).toMatchObject({ attempted: 1, completed: 0, crashed: 1 });
  });

  it("exits non-zero when any run of any bench failed a check or crashed", () => {
    const pass = classifyRun(1, 0, null, result(lost(0)));
    const fail = classifyRun(2, 1, null, result(lost(2)));
    const crash = classifyRun(1, 1, null, undefined);
    expect(benchExitCode([{ runRecords: [pass, pass] }, { runRecords: [pass] }])).toBe(0);
    expect(benchExitCode([{ runRecords: [pass, pass] }, { runRecords: [pass, fail, pass] }])).toBe(1);
    expect(benchExitCode([{ runRecords: [crash] }])).toBe(1);
    // Figures kept from an older report (no run records) do not decide this run's exit status.
    expect(benchExitCode([{ runRecords: undefined }, { runRecords: [pass] }])).toBe(0);
  });
});
