// npm run bench — every benchmark against the built app, the simulator and the real PostgreSQL,
// each run several times; writes docs/benchmarks.json and docs/benchmarks.md (median of the
// runs with the spread, target and whether it is met), plus charts the benches provide.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { ensureBuild } from "../scripts/lib/needs-build";
import { aggregate, formatNumber, type AggregatedMetric } from "./lib/aggregate";
import { helpRequested, meets, type BenchResult } from "./lib/report";
import { lineChartSvg, type Series } from "./lib/svg-chart";

helpRequested(`
npm run bench [-- --runs N] [-- --only crypto,notify,scaling,checkout,sessions,webhooks] [-- --render]

Runs each benchmark N times (default 3) and writes docs/benchmarks.json and docs/benchmarks.md
(with --only, the benches not named keep their last figures, each marked with its own date)
(median with min–max spread, the issue's target, met or not) and docs/*.svg charts.
Builds the app first when its sources changed; needs PostgreSQL at 127.0.0.1:5432
(TEST_DATABASE_URL to override). Each bench runs alone too: npm run bench:<name> -- --help.
--render rewrites docs/benchmarks.md from docs/benchmarks.json without measuring.
`);

const BENCHES = [
  { name: "crypto", script: "bench/crypto.ts", title: "Protocol operations vs wechatpay-axios-plugin" },
  { name: "notify", script: "bench/notify.ts", title: "Notification ingest (built app, PostgreSQL)" },
  { name: "scaling", script: "bench/scaling.ts", title: "Ingest scaling: instances, concurrency, memory" },
  { name: "checkout", script: "bench/checkout.ts", title: "Checkout page (Native QR)" },
  {
    name: "sessions",
    script: "bench/sessions.ts",
    title: "Checkout Session creation (API key, built app, PostgreSQL)",
  },
  {
    name: "webhooks",
    script: "bench/webhooks.ts",
    title: "Webhooks: ingest cost of a subscribed endpoint, event-to-delivered latency",
  },
  { name: "embedded", script: "bench/embedded.ts", title: "Embedded mode (npm start, PGlite): total RSS" },
  { name: "overhead", script: "bench/overhead.ts", title: "Logging + metrics overhead on notification ingest" },
];

interface BenchSummary {
  name: string;
  title: string;
  /** When and at which commit this bench was measured (a partial run keeps the others' own). */
  date?: string;
  commit?: string;
  metrics: AggregatedMetric[];
  notes?: string;
  extra: Record<string, unknown>[];
}
interface Report {
  date: string;
  commit: string;
  machine: { cores: number; cpu: string; node: string };
  runs: number;
  results: BenchSummary[];
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function measure(runs: number, only: string[] | undefined): Report {
  ensureBuild();
  const tmp = path.join(tmpdir(), `bench-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  const results: BenchSummary[] = [];
  for (const b of BENCHES.filter((x) => !only || only.includes(x.name))) {
    const outputs: BenchResult[] = [];
    for (let i = 1; i <= runs; i++) {
      const file = path.join(tmp, `${b.name}-${i}.json`);
      console.log(`\n▶ ${b.name} (run ${i}/${runs})`);
      const r = spawnSync(process.execPath, ["--import", "tsx", b.script], {
        stdio: "inherit",
        env: { ...process.env, BENCH_JSON: file, NEXT_TELEMETRY_DISABLED: "1" },
      });
      if (r.status !== 0 || !existsSync(file)) {
        console.error(`✖ ${b.name} failed (exit ${r.status}); its row is left out`);
        break;
      }
      outputs.push(JSON.parse(readFileSync(file, "utf8")) as BenchResult);
    }
    if (outputs.length)
      results.push({
        name: b.name,
        title: b.title,
        date: new Date().toISOString(),
        commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim(),
        metrics: aggregate(outputs),
        notes: outputs[0]!.notes,
        extra: outputs.map((o) => o.extra ?? {}),
      });
  }
  rmSync(tmp, { recursive: true, force: true });
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  return {
    date: new Date().toISOString(),
    commit,
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? "unknown", node: process.version },
    runs,
    results,
  };
}

function render(report: Report): void {
  const { date, commit, machine, runs, results } = report;
  const lines = [
    "# Benchmarks",
    "",
    `Measured ${date.slice(0, 10)} at commit \`${commit}\` on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}.`,
    `Each figure is the median of ${runs} runs; the spread is the lowest and highest run. Reproduce with \`npm run bench\`.`,
    "",
  ];
  for (const r of results) {
    lines.push(`## ${r.title}`, "");
    if (r.commit && (r.commit !== commit || r.date?.slice(0, 10) !== date.slice(0, 10)))
      lines.push(`Measured ${r.date?.slice(0, 10)} at commit \`${r.commit}\` (an earlier run than the header's).`, "");
    lines.push("| figure | median | spread | target | met |", "|---|---|---|---|---|");
    for (const m of r.metrics) {
      const met = meets({ ...m, value: m.median });
      const target =
        m.target === undefined ? "" : `${m.better === "higher" ? "≥" : "≤"} ${formatNumber(m.target, m.unit)}`;
      lines.push(
        `| ${m.label} | ${formatNumber(m.median, m.unit)} | ${formatNumber(m.min, m.unit)} – ${formatNumber(m.max, m.unit)} | ${target} | ${met === undefined ? "" : met ? "yes" : "**no**"} |`,
      );
    }
    if (r.notes) lines.push("", r.notes);
    const chart = chartFor(r.name, r.extra);
    if (chart) {
      writeFileSync(`docs/${chart.file}`, chart.svg + "\n");
      lines.push("", `![${chart.title}](${chart.file})`);
    }
    lines.push("");
  }
  const missing = BENCHES.filter((b) => !results.some((r) => r.name === b.name)).map((b) => b.name);
  if (missing.length) lines.push(`Not measured in this run: ${missing.join(", ")}.`, "");
  writeFileSync("docs/benchmarks.md", lines.join("\n"));
}

/** Benches that measure a series (latency by concurrency) put it in extra.series; median per point. */
function chartFor(
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

mkdirSync("docs", { recursive: true });
if (process.argv.includes("--render")) {
  render(JSON.parse(readFileSync("docs/benchmarks.json", "utf8")) as Report);
} else {
  const only = arg("only")?.split(",");
  const report = measure(Number(arg("runs") ?? 3), only);
  // --only re-measures some benches: the others keep their last published figures.
  if (only && existsSync("docs/benchmarks.json")) {
    const previous = JSON.parse(readFileSync("docs/benchmarks.json", "utf8")) as Report;
    const kept = previous.results
      .filter((r) => !only.includes(r.name))
      .map((r) => ({ ...r, date: r.date ?? previous.date, commit: r.commit ?? previous.commit }));
    report.results = BENCHES.flatMap((b) => [...report.results, ...kept].filter((r) => r.name === b.name));
  }
  writeFileSync("docs/benchmarks.json", JSON.stringify(report, null, 2) + "\n");
  render(report);
}
console.log("wrote docs/benchmarks.md");
