import { formatNumber, judge, type AggregatedMetric } from "./aggregate";
import type { BenchSummary, Report } from "./bench-report";
import { countRuns } from "./run-outcome";
import { lineChartSvg, type Series } from "./svg-chart";

export interface RenderedReport {
  markdown: string;
  /** SVG charts to write next to the markdown (it links them by file name). */
  charts: { file: string; svg: string }[];
}

const yesNo = (met: boolean | undefined) => (met === undefined ? "" : met ? "yes" : "**no**");

function treeState(dirty: boolean | undefined, paths?: string[]): string {
  if (dirty === undefined) return "tree state not recorded";
  if (!dirty) return "clean tree";
  return `**dirty tree**${paths ? ` (${paths.length} uncommitted path${paths.length === 1 ? "" : "s"})` : ""}`;
}

function row(m: AggregatedMetric): string {
  const { atMedian, atWorst } = judge(m);
  const target = m.target === undefined ? "" : `${m.better === "higher" ? "≥" : "≤"} ${formatNumber(m.target, m.unit)}`;
  const label = m.kind === "consistency" ? `${m.label} *(check)*` : m.label;
  const spread = `${formatNumber(m.min, m.unit)} – ${formatNumber(m.max, m.unit)}`;
  return `| ${label} | ${formatNumber(m.median, m.unit)} | ${formatNumber(m.worst, m.unit)} | ${spread} | ${target} | ${yesNo(atMedian)} | ${yesNo(atWorst)} |`;
}

function runsLine(r: BenchSummary): string[] {
  if (!r.runRecords) {
    const completed = Math.max(0, ...r.metrics.map((m) => m.runs));
    return [`Runs: ${completed} completed; attempts not recorded (this bench's figures predate run counting).`];
  }
  const c = countRuns(r.runRecords);
  const lines = [
    `Runs: ${c.attempted} attempted, ${c.completed} completed${c.failed ? `, ${c.failed} failed a check` : ""}.`,
  ];
  for (const run of r.runRecords)
    if (run.status !== "passed")
      lines.push(`- run ${run.run}: ${run.status === "crashed" ? "crashed, " : ""}${run.reason ?? run.status}`);
  return lines;
}

/** Benches that measure a series (latency by concurrency) put it in extra.series; median per point. */
export function chartFor(
  name: string,
  extras: Record<string, unknown>[],
): { file: string; svg: string; title: string } | null {
  const all = extras.map((e) => e.series as Series[] | undefined).filter((s): s is Series[] => Array.isArray(s));
  if (!all.length) return null;
  const series: Series[] = all[0]!.map((s, i) => ({
    name: s.name,
    points: s.points.map((p, j) => {
      const ys = all
        .map((run) => run[i]?.points[j]?.y)
        .filter((y): y is number => typeof y === "number")
        .sort((a, b) => a - b);
      return { x: p.x, y: ys[Math.floor(ys.length / 2)] ?? p.y };
    }),
  }));
  const meta = (extras[0]?.chart ?? {}) as { title?: string; xLabel?: string; yLabel?: string };
  const title = meta.title ?? `${name} latency`;
  return {
    file: `${name}-latency.svg`,
    title,
    svg: lineChartSvg({ title, xLabel: meta.xLabel ?? "in flight", yLabel: meta.yLabel ?? "ms", series }),
  };
}

/**
 * The report as markdown. `notesFor(name)` supplies a bench's hand-written notes
 * (bench/notes/<name>.md), shown below its table; `benchNames` lists every bench, so the ones
 * missing from the report are named.
 */
export function renderReport(
  report: Report,
  opts: { notesFor: (name: string) => string | undefined; benchNames: string[] },
): RenderedReport {
  const { date, commit, machine, runs, results } = report;
  const dirty = report.dirtyPaths === undefined ? undefined : report.dirtyPaths.length > 0;
  const charts: RenderedReport["charts"] = [];
  const lines = [
    "# Benchmarks",
    "",
    `Measured ${date.slice(0, 10)} at commit \`${commit}\` (${treeState(dirty, report.dirtyPaths)}) on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}.`,
    `Runs requested per bench: ${runs} (each bench says how many were attempted and completed). ` +
      "**median** is over the runs that completed, **worst** is the worst of them " +
      "(the lowest when higher is better), the spread is the lowest and highest; targets are judged at both. " +
      "Rows marked *(check)* are consistency checks: one failed run makes the row say **no** at worst, and `npm run bench` exit non-zero; " +
      "missed performance targets are reported, not fatal. Reproduce with `npm run bench -- --publish`.",
    "",
  ];
  for (const r of results) {
    lines.push(`## ${r.title}`, "");
    const sameRun = r.commit === undefined || (r.commit === commit && r.date?.slice(0, 10) === date.slice(0, 10));
    if (!sameRun)
      lines.push(
        `Measured ${r.date?.slice(0, 10)} at commit \`${r.commit}\` (${treeState(r.dirty)}), an earlier run than the header's.`,
        "",
      );
    lines.push(...runsLine(r), "");
    if (r.metrics.length) {
      lines.push(
        "| figure | median | worst | spread | target | met at median | met at worst |",
        "|---|---|---|---|---|---|---|",
      );
      for (const m of r.metrics) lines.push(row(m));
    } else lines.push("No run completed, so there are no figures.");
    if (r.notes) lines.push("", r.notes);
    const handWritten = opts.notesFor(r.name)?.trim();
    if (handWritten) lines.push("", handWritten);
    const chart = chartFor(r.name, r.extra);
    if (chart) {
      charts.push({ file: chart.file, svg: chart.svg + "\n" });
      lines.push("", `![${chart.title}](${chart.file})`);
    }
    lines.push("");
  }
  const missing = opts.benchNames.filter((b) => !results.some((r) => r.name === b));
  if (missing.length) lines.push(`Not measured in this report: ${missing.join(", ")}.`, "");
  return { markdown: lines.join("\n"), charts };
}
