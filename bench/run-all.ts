// npm run bench — every benchmark against the built app, the simulator and the real PostgreSQL,
// each run several times. Every attempted run is recorded: one whose consistency check failed is
// kept (its rows say **no**), one that crashed is counted. The report (median, worst run, spread,
// target met at median and at worst) goes to .bench/ unless --publish writes docs/ from a clean tree.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { ensureBuild } from "../scripts/lib/needs-build";
import { aggregate } from "./lib/aggregate";
import { mergeReports, normalizeReport, type BenchSummary, type Report } from "./lib/bench-report";
import { outputPlan, porcelainPaths, PUBLISHED_DIR, SCRATCH_DIR } from "./lib/publish-plan";
import { renderReport } from "./lib/render-report";
import { helpRequested, type BenchResult } from "./lib/report";
import { benchExitCode, classifyRun, type RunRecord } from "./lib/run-outcome";

const BENCHES = [
  {
    name: "crypto",
    script: "bench/crypto.ts",
    title: "Protocol operations vs wechatpay-axios-plugin and the OpenSSL floor",
    build: false,
  },
  { name: "notify", script: "bench/notify.ts", title: "Notification ingest (built app, PostgreSQL)", build: true },
  { name: "scaling", script: "bench/scaling.ts", title: "Ingest scaling: instances, concurrency, memory", build: true },
  { name: "checkout", script: "bench/checkout.ts", title: "Checkout page (Native QR)", build: true },
  {
    name: "sessions",
    script: "bench/sessions.ts",
    title: "Checkout Session creation (API key, built app, PostgreSQL)",
    build: true,
  },
  {
    name: "webhooks",
    script: "bench/webhooks.ts",
    title: "Webhooks: ingest cost of a subscribed endpoint, event-to-delivered latency",
    build: true,
  },
  {
    name: "streams",
    script: "bench/streams.ts",
    title: "Status push: open status streams on one instance (built app, PostgreSQL)",
    build: true,
  },
  {
    name: "flash-sale",
    script: "bench/flash-sale.ts",
    title: "Flash sale: concurrent shoppers through the whole Native checkout (2 instances, PostgreSQL)",
    build: true,
  },
  { name: "embedded", script: "bench/embedded.ts", title: "Embedded mode (npm start, PGlite): total RSS" },
  { name: "overhead", script: "bench/overhead.ts", title: "Logging + metrics overhead on notification ingest" },
];
const NAMES = BENCHES.map((b) => b.name);

helpRequested(`
npm run bench [-- --runs N] [-- --only ${NAMES.join(",")}] [-- --publish] [-- --render]

Runs each benchmark N times (default 3). Every attempted run is recorded: a run whose consistency
check fails (lost, doubled, non-204, undelivered…) keeps its row, which says **no**; a run that
ends without writing its figures is counted as crashed. The report shows, per figure, the median
and the worst run, the spread, the target and whether it is met at the median and at the worst,
plus runs attempted and completed per bench, the commit and whether the tree was dirty.

Without --publish the report goes to ${SCRATCH_DIR}/benchmarks.{json,md} (gitignored) and is printed.
--publish writes ${PUBLISHED_DIR}/benchmarks.{json,md} and the charts; it is refused when
\`git status --porcelain\` lists anything (figures must belong to a commit). With --only the
published benches not named keep their last figures, each marked with its own date and commit.
--render rewrites ${PUBLISHED_DIR}/benchmarks.md from ${PUBLISHED_DIR}/benchmarks.json without measuring.
bench/notes/<name>.md, when it exists, is shown below that bench's table.

Exit status: 1 when any run of any bench failed a consistency check or crashed; missed
performance targets are reported, not fatal. 2 for a refused --publish or bad arguments.
Builds the app first when a selected bench needs it and its sources changed; needs PostgreSQL at
127.0.0.1:5432 (TEST_DATABASE_URL to override). Each bench runs alone too: npm run bench:<name> -- --help.
`);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function git(...args: string[]): string {
  return execFileSync("git", args, { encoding: "utf8" });
}
const headCommit = () => git("rev-parse", "--short", "HEAD").trim();
const dirtyPaths = () => porcelainPaths(git("status", "--porcelain"));

function notesFor(name: string): string | undefined {
  const file = path.join("bench/notes", `${name}.md`);
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

function readResult(file: string): BenchResult | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as BenchResult;
  } catch {
    return undefined; // a half-written file is no figures
  }
}

function measureBench(b: (typeof BENCHES)[number], runs: number, tmp: string, dirty: boolean): BenchSummary {
  const outputs: BenchResult[] = [];
  const records: RunRecord[] = [];
  for (let i = 1; i <= runs; i++) {
    const file = path.join(tmp, `${b.name}-${i}.json`);
    rmSync(file, { force: true });
    console.log(`\n▶ ${b.name} (run ${i}/${runs})`);
    const r = spawnSync(process.execPath, ["--import", "tsx", b.script], {
      stdio: "inherit",
      env: { ...process.env, BENCH_JSON: file, NEXT_TELEMETRY_DISABLED: "1" },
    });
    const result = readResult(file);
    const record = classifyRun(i, r.status, r.signal, result);
    records.push(record);
    if (result) outputs.push(result);
    if (record.status !== "passed") console.error(`✖ ${b.name} run ${i}: ${record.reason}`);
  }
  return {
    name: b.name,
    title: b.title,
    date: new Date().toISOString(),
    commit: headCommit(),
    dirty,
    runRecords: records,
    metrics: aggregate(outputs),
    notes: outputs[0]?.notes,
    extra: outputs.map((o) => o.extra ?? {}),
  };
}

function measure(runs: number, only: string[] | undefined, dirty: boolean): Report {
  const selected = BENCHES.filter((x) => !only || only.includes(x.name));
  if (selected.some((b) => b.build)) ensureBuild();
  const tmp = path.join(tmpdir(), `bench-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  const results = selected.map((b) => measureBench(b, runs, tmp, dirty));
  rmSync(tmp, { recursive: true, force: true });
  return {
    format: 2,
    date: new Date().toISOString(),
    commit: headCommit(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? "unknown", node: process.version },
    runs,
    results,
  };
}

function write(report: Report, dir: string, json: boolean): string {
  mkdirSync(dir, { recursive: true });
  if (json) writeFileSync(path.join(dir, "benchmarks.json"), JSON.stringify(report, null, 2) + "\n");
  const { markdown, charts } = renderReport(report, { notesFor, benchNames: NAMES });
  for (const c of charts) writeFileSync(path.join(dir, c.file), c.svg);
  writeFileSync(path.join(dir, "benchmarks.md"), markdown);
  return markdown;
}

function main(): number {
  if (process.argv.includes("--render")) {
    const file = path.join(PUBLISHED_DIR, "benchmarks.json");
    write(normalizeReport(JSON.parse(readFileSync(file, "utf8")) as Report), PUBLISHED_DIR, false);
    console.log(`wrote ${PUBLISHED_DIR}/benchmarks.md from ${file}`);
    return 0;
  }
  const runs = Number(arg("runs") ?? 3);
  const only = arg("only")?.split(",");
  const unknown = only?.filter((n) => !NAMES.includes(n)) ?? [];
  if (!Number.isInteger(runs) || runs < 1 || unknown.length) {
    console.error(
      unknown.length
        ? `unknown bench: ${unknown.join(", ")} (known: ${NAMES.join(", ")})`
        : "--runs wants a positive integer",
    );
    return 2;
  }
  const publish = process.argv.includes("--publish");
  const before = dirtyPaths();
  const plan = outputPlan({ publish, dirtyPaths: before });
  if (!plan.ok) {
    console.error(plan.message);
    return 2;
  }

  let report = measure(runs, only, before.length > 0);
  // A file changed during the run also makes the figures belong to no commit.
  report.dirtyPaths = [...new Set([...before, ...dirtyPaths()])];
  let dir = plan.dir;
  if (plan.published && report.dirtyPaths.length) {
    console.error(`the tree changed during the run (${report.dirtyPaths.join(", ")}): not publishing`);
    dir = SCRATCH_DIR;
  } else if (plan.published && only && existsSync(path.join(PUBLISHED_DIR, "benchmarks.json"))) {
    // --only re-measures some benches: the others keep their last published figures.
    const previous = normalizeReport(
      JSON.parse(readFileSync(path.join(PUBLISHED_DIR, "benchmarks.json"), "utf8")) as Report,
    );
    report = mergeReports(report, previous, only, NAMES);
  }
  const markdown = write(report, dir, true);
  if (dir === SCRATCH_DIR) console.log(`\n${markdown}`);
  console.log(`wrote ${dir}/benchmarks.json and ${dir}/benchmarks.md`);

  // Only this run's benches decide the exit status, not figures kept from earlier runs.
  const measuredNames = new Set(only ?? NAMES);
  const code = benchExitCode(report.results.filter((r) => measuredNames.has(r.name)));
  if (code) console.error("✖ a consistency check failed or a bench crashed in at least one run (see the report)");
  if (plan.published && dir !== PUBLISHED_DIR) return 2;
  return code;
}

process.exitCode = main();
