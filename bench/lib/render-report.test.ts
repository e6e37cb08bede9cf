import { describe, expect, it } from "vitest";
import { aggregate, type AggregatedMetric } from "./aggregate";
import { mergeReports, normalizeReport, type Report } from "./bench-report";
import { renderReport } from "./render-report";
import type { BenchResult } from "./report";
import { classifyRun } from "./run-outcome";

const notify = (rate: number, lost: number): BenchResult => ({
  bench: "notify",
  metrics: [
    { id: "rate", label: "notifications/s", value: rate, unit: "/s", better: "higher", target: 1000 },
    { id: "lost", label: "lost", value: lost, unit: "", better: "lower", target: 0, kind: "consistency" },
  ],
});
const machine = { cores: 2, cpu: "test cpu", node: "v20" };

function reportOf(runs: (BenchResult | undefined)[], dirtyPaths: string[] = []): Report {
  const done = runs.filter((r): r is BenchResult => r !== undefined);
  return {
    format: 2,
    date: "2026-12-02T10:00:00.000Z",
    commit: "abc1234",
    dirtyPaths,
    machine,
    runs: runs.length,
    results: [
      {
        name: "notify",
        title: "Notification ingest",
        date: "2026-12-02T10:00:00.000Z",
        commit: "abc1234",
        dirty: dirtyPaths.length > 0,
        runRecords: runs.map((r, i) => classifyRun(i + 1, r && r.metrics[1]!.value === 0 ? 0 : 1, null, r)),
        metrics: aggregate(done),
        extra: done.map(() => ({})),
      },
    ],
  };
}
const render = (r: Report, notes: Record<string, string> = {}) =>
  renderReport(r, { notesFor: (n) => notes[n], benchNames: ["crypto", "notify"] }).markdown;

describe("report rendering", () => {
  it("keeps a failed run's row, says no at worst, and counts attempted and completed runs", () => {
    const md = render(reportOf([notify(1200, 0), notify(1100, 2), undefined]));
    expect(md).toContain("Runs: 3 attempted, 2 completed, 1 failed a check.");
    expect(md).toContain("- run 2: failed: lost");
    expect(md).toMatch(/- run 3: crashed, exit 1, no figures written/);
    // median of 0 and 2 is 1 (misses ≤ 0), worst is 2.
    expect(md).toContain("| lost *(check)* | 1 | 2 | 0 – 2 | ≤ 0 | **no** | **no** |");
    expect(md).toContain("| notifications/s | 1,150 /s | 1,100 /s | 1,100 /s – 1,200 /s | ≥ 1,000 /s | yes | yes |");
    expect(md).toContain("Not measured in this report: crypto.");
  });

  it("shows a check that failed in one run of three as met at the median, not at worst", () => {
    const md = render(reportOf([notify(1200, 0), notify(1100, 1), notify(1300, 0)]));
    expect(md).toContain("| lost *(check)* | 0 | 1 | 0 – 1 | ≤ 0 | yes | **no** |");
  });

  it("records the commit and whether the tree was dirty", () => {
    expect(render(reportOf([notify(1200, 0)]))).toContain("at commit `abc1234` (clean tree)");
    expect(render(reportOf([notify(1200, 0)], [" M lib/x.ts"]))).toContain("(**dirty tree** (1 uncommitted path))");
  });

  it("renders bench/notes/<name>.md below that bench's table", () => {
    const md = render(reportOf([notify(1200, 0)]), { notify: "### Ingest profile\n\n| stage | ms |\n" });
    const table = md.indexOf("| notifications/s");
    const notes = md.indexOf("### Ingest profile");
    expect(notes).toBeGreaterThan(table);
    expect(render(reportOf([notify(1200, 0)]))).not.toContain("Ingest profile");
  });

  it("says so when no run of a bench completed", () => {
    expect(render(reportOf([undefined, undefined]))).toContain("Runs: 2 attempted, 0 completed.");
    expect(render(reportOf([undefined]))).toContain("No run completed, so there are no figures.");
  });

  it("reads a report of the first shape: worst from min/max, checks by id, attempts unknown", () => {
    const legacy = {
      date: "2026-12-01T00:00:00.000Z",
      commit: "eafc592",
      machine,
      runs: 3,
      results: [
        {
          name: "notify",
          title: "Notification ingest",
          metrics: [
            {
              id: "rate",
              label: "notifications/s",
              unit: "/s",
              better: "higher",
              target: 1000,
              median: 458,
              min: 436,
              max: 461,
              runs: 3,
            },
            { id: "lost", label: "lost", unit: "", better: "lower", target: 0, median: 0, min: 0, max: 0, runs: 3 },
          ] as AggregatedMetric[],
          extra: [{}, {}, {}],
        },
      ],
    } as Report;
    const report = normalizeReport(legacy);
    expect(report.results[0]!.metrics.map((m) => [m.worst, m.kind])).toEqual([
      [436, undefined],
      [0, "consistency"],
    ]);
    const md = render(report);
    expect(md).toContain("(tree state not recorded)");
    expect(md).toContain("Runs: 3 completed; attempts not recorded");
    expect(md).toContain("| notifications/s | 458 /s | 436 /s | 436 /s – 461 /s | ≥ 1,000 /s | **no** | **no** |");
  });
});

describe("partial runs", () => {
  it("publishes --only benches over the last report, keeping the others with their own date and commit", () => {
    const previous: Report = {
      date: "2026-11-26T00:00:00.000Z",
      commit: "old0001",
      machine,
      runs: 3,
      results: [
        { name: "crypto", title: "Crypto", metrics: [], extra: [] },
        { ...reportOf([notify(900, 0)]).results[0]!, date: "2026-11-26T00:00:00.000Z", commit: "old0001" },
      ],
    };
    const merged = mergeReports(reportOf([notify(1200, 0)]), previous, ["notify"], ["crypto", "notify"]);
    expect(merged.results.map((r) => [r.name, r.commit, r.date?.slice(0, 10)])).toEqual([
      ["crypto", "old0001", "2026-11-26"],
      ["notify", "abc1234", "2026-12-02"],
    ]);
    expect(merged.results[1]!.metrics[0]!.median).toBe(1200);
    expect(render(merged)).toContain(
      "Measured 2026-11-26 at commit `old0001` (tree state not recorded), an earlier run",
    );
  });
});
