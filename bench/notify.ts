// npm run bench:notify — notification ingest against the built app (`next start`) on the real
// PostgreSQL: genuine signed, AES-GCM-encrypted TRANSACTION.SUCCESS notifications (20% of the
// deliveries are duplicates of earlier ids, as WeChat Pay's retries are), sent with bounded
// concurrency over keep-alive connections. The ceiling in the same run, at the same concurrency,
// on the same database: a bare Next.js app (same next/react, bench/lib/bare-insert-app.ts) whose
// route reads the body and does one prepared INSERT, fed the same bodies. The two alternate
// round by round (app first, then bare first, …) so drift on a shared machine favours neither;
// the ratio is taken per round and its median reported. Every payment must be PAID exactly once
// with exactly one payment.succeeded outbox event (0 lost, 0 doubled).
//
// `-- --cpu-prof DIR` runs both servers under `node --cpu-prof` and leaves their .cpuprofile
// files in DIR (bench/lib/cpu-profile-stages.ts sorts them into stages).
import os from "node:os";
import pg from "pg";
import { BASE_DATABASE_URL, postgresReachable, startNotifyCluster } from "../scripts/notify-cluster";
import { startBareInsertApp } from "./lib/bare-insert-app";
import { postDeliveries, prepareBatch, runBatch, type IngestResult, type LoadResult } from "./lib/notify-ingest";
import { cpuBetween, snapshotCpu } from "./lib/process-cpu";
import { helpRequested, reportResult } from "./lib/report";
import { cpuProfileArgs } from "./lib/cpu-profile-args";

helpRequested(`
npm run bench:notify [-- --cpu-prof DIR] — notification ingest against a bare Next.js route
(one INSERT) in the same run (built app, PostgreSQL).

env: BENCH_NOTIFICATIONS (unique notifications per round, default 3000), BENCH_DUPLICATE_RATE (0.2),
     BENCH_ROUNDS (4), BENCH_CONCURRENCY (16), BENCH_INSTANCES (1), CLUSTER_MODE (next|node;
     default next when the build has the notify route). Needs PostgreSQL at 127.0.0.1:5432
     (TEST_DATABASE_URL) and, for next mode, a production build (npm run build). About 60–90 s.
Targets: issue 18 — ingest/bare ratio ≥ 0.8, p99 ≤ 2× the bare route's p99; issue 6 — ≥ 1,000
notifications/s with p99 ≤ 50 ms on 2 cores; 0 lost, 0 doubled.
`);

const UNIQUE = Number(process.env.BENCH_NOTIFICATIONS ?? 3000);
const DUP_RATE = Number(process.env.BENCH_DUPLICATE_RATE ?? 0.2);
// An even number by default: rounds alternate which server goes first (the first of a pair runs
// right after the next batch was written, on a busier database), so each order counts equally.
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 4));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 1);
// Enough for V8 to optimise both servers' hot paths before anything is timed (with 1,000 the
// first timed round still ran ~25% more CPU per request on both sides).
const WARMUP = 3000;

interface Cpu {
  /** CPU ms per request: the server process, and the PostgreSQL backends serving it. */
  server: number;
  database: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const cpuText = (c: Cpu) => `${c.server.toFixed(2)} + db ${c.database.toFixed(2)}`;
const statusText = (m: Map<number, number>) => [...m].map(([s, n]) => `${s}×${n}`).join(" ");

async function main() {
  if (!(await postgresReachable()))
    throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432 (TEST_DATABASE_URL)");
  const profArgs = cpuProfileArgs();
  const statPool = new pg.Pool({ connectionString: BASE_DATABASE_URL, max: 1 });
  const cluster = await startNotifyCluster({ instances: INSTANCES, nodeArgs: profArgs });
  let bare: Awaited<ReturnType<typeof startBareInsertApp>> | undefined;
  try {
    bare = await startBareInsertApp(process.cwd(), cluster.databaseUrl, profArgs);
    console.log(
      `app: ${cluster.mode === "next" ? "next start (built app)" : "scripts/notify-instance.ts (no build with the notify route)"} × ${INSTANCES} · bare: next start, one INSERT · PostgreSQL · concurrency ${CONCURRENCY}`,
    );
    const { url: bareUrl, pid: barePid } = bare;
    const runBare = (b: { deliveries: Parameters<typeof postDeliveries>[2] }) =>
      postDeliveries([bareUrl], "/insert", b.deliveries, CONCURRENCY);
    // CPU per request of each server and of the PostgreSQL backends serving it (process-cpu.ts).
    const cpu = { app: [] as Cpu[], bare: [] as Cpu[] };
    const metered = async <T extends { deliveries?: number; sent?: number }>(
      into: Cpu[],
      pids: number[],
      run: () => Promise<T>,
    ): Promise<T> => {
      const before = await snapshotCpu(statPool, pids);
      const r = await run();
      const used = cpuBetween(before, await snapshotCpu(statPool, pids));
      const n = r.deliveries ?? r.sent ?? 1;
      into.push({ server: (used.server * 1000) / n, database: (used.database * 1000) / n });
      return r;
    };

    // Warm-up (JIT, pools, prepared statements) of both before anything is timed.
    const warm = await prepareBatch(cluster, WARMUP, 0);
    await runBatch(cluster, warm, CONCURRENCY);
    await runBare(warm);

    const apps: IngestResult[] = [];
    const bares: LoadResult[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const batch = await prepareBatch(cluster, UNIQUE, DUP_RATE);
      let app: IngestResult;
      let base: LoadResult;
      const runApp = () => metered(cpu.app, cluster.pids(), () => runBatch(cluster, batch, CONCURRENCY));
      const runBase = () => metered(cpu.bare, [barePid], () => runBare(batch));
      if (round % 2) {
        app = await runApp();
        base = await runBase();
      } else {
        base = await runBase();
        app = await runApp();
      }
      apps.push(app);
      bares.push(base);
      console.log(
        `round ${round}   ingest ${app.rate.toFixed(0).padStart(5)}/s p99 ${app.p99.toFixed(0).padStart(3)} ms · ` +
          `bare ${base.rate.toFixed(0).padStart(5)}/s p99 ${base.p99.toFixed(0).padStart(3)} ms · ` +
          `${(app.rate / base.rate).toFixed(2)}× · ${batch.deliveries.length} deliveries (${batch.duplicates} duplicates) · ` +
          `${app.lost} lost ${app.doubled} doubled · CPU ms/request app ${cpuText(cpu.app.at(-1)!)}, bare ${cpuText(cpu.bare.at(-1)!)}`,
      );
    }

    const ratios = apps.map((a, i) => a.rate / bares[i]!.rate);
    const p99Ratios = apps.map((a, i) => a.p99 / Math.max(bares[i]!.p99, 1));
    const ratio = median(ratios);
    const p99Ratio = median(p99Ratios);
    const rate = median(apps.map((a) => a.rate));
    const bareRate = median(bares.map((b) => b.rate));
    const p50 = median(apps.map((a) => a.p50));
    const p99 = median(apps.map((a) => a.p99));
    const bareP99 = median(bares.map((b) => b.p99));
    const lost = apps.reduce((s, a) => s + a.lost, 0);
    const doubled = apps.reduce((s, a) => s + a.doubled, 0);
    const unevented = apps.reduce((s, a) => s + a.unevented, 0);
    const deliveries = apps.reduce((s, a) => s + a.deliveries, 0);
    const answered204 = apps.reduce((s, a) => s + (a.statuses.get(204) ?? 0), 0);
    const spread = (xs: number[], digits: number) =>
      `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

    console.log("");
    console.log(
      `notifications/s   ${rate.toFixed(0)}   (median of ${ROUNDS} rounds, ${spread(
        apps.map((a) => a.rate),
        0,
      )}; target ≥ 1000)`,
    );
    console.log(
      `bare route/s      ${bareRate.toFixed(0)}   (${spread(
        bares.map((b) => b.rate),
        0,
      )})`,
    );
    console.log(`ingest/bare ratio   ${ratio.toFixed(2)}`);
    console.log(`                  median of ${ROUNDS} rounds, ${spread(ratios, 2)}; target ≥ 0.8`);
    const appCpu = median(cpu.app.map((c) => c.server));
    const appDbCpu = median(cpu.app.map((c) => c.database));
    const bareCpu = median(cpu.bare.map((c) => c.server));
    const bareDbCpu = median(cpu.bare.map((c) => c.database));
    console.log(
      `CPU ms/request    app ${appCpu.toFixed(2)} + PostgreSQL ${appDbCpu.toFixed(2)} · bare ${bareCpu.toFixed(2)} + PostgreSQL ${bareDbCpu.toFixed(2)} (medians; steadier than rates on a shared machine)`,
    );
    console.log(`latency p50       ${p50.toFixed(1)} ms`);
    console.log(`latency p99       ${p99.toFixed(1)} ms   (target ≤ 50; bare route ${bareP99.toFixed(1)} ms)`);
    console.log(`p99 / bare p99    ${p99Ratio.toFixed(2)}   (${spread(p99Ratios, 2)}; target ≤ 2)`);
    console.log(
      `HTTP statuses     ingest ${statusText(apps.at(-1)!.statuses)} · bare ${statusText(bares.at(-1)!.statuses)} (last round)`,
    );
    console.log(
      `load average      ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} (${os.cpus().length} cores; other work on the machine lowers these figures)`,
    );
    console.log(
      `consistency       ${apps.reduce((s, a) => s + a.paid, 0)}/${UNIQUE * ROUNDS} paid → ${lost} lost, ${doubled} doubled, ${unevented} without exactly one payment.succeeded event`,
    );

    reportResult({
      bench: "notify",
      metrics: [
        { id: "rate", label: "notifications/s", value: Math.round(rate), unit: "/s", better: "higher", target: 1000 },
        {
          id: "bare_rate",
          label: "bare Next.js route, one INSERT",
          value: Math.round(bareRate),
          unit: "/s",
          better: "higher",
        },
        {
          id: "ratio",
          label: "ingest/bare ratio",
          value: Number(ratio.toFixed(2)),
          unit: "×",
          better: "higher",
          target: 0.8,
        },
        { id: "p50", label: "latency p50", value: Number(p50.toFixed(1)), unit: "ms", better: "lower" },
        { id: "p99", label: "latency p99", value: Number(p99.toFixed(1)), unit: "ms", better: "lower", target: 50 },
        { id: "bare_p99", label: "bare route p99", value: Number(bareP99.toFixed(1)), unit: "ms", better: "lower" },
        {
          id: "p99_ratio",
          label: "p99 / bare route p99",
          value: Number(p99Ratio.toFixed(2)),
          unit: "×",
          better: "lower",
          target: 2,
        },
        { id: "lost", label: "lost", value: lost, unit: "", better: "lower", target: 0, kind: "consistency" },
        { id: "doubled", label: "doubled", value: doubled, unit: "", better: "lower", target: 0, kind: "consistency" },
        {
          id: "cpu_app",
          label: "app CPU per notification",
          value: Number(appCpu.toFixed(3)),
          unit: "ms",
          better: "lower",
        },
        {
          id: "cpu_app_db",
          label: "PostgreSQL CPU per notification",
          value: Number(appDbCpu.toFixed(3)),
          unit: "ms",
          better: "lower",
        },
        {
          id: "cpu_bare",
          label: "bare route CPU per request",
          value: Number(bareCpu.toFixed(3)),
          unit: "ms",
          better: "lower",
        },
        {
          id: "cpu_bare_db",
          label: "PostgreSQL CPU per bare request",
          value: Number(bareDbCpu.toFixed(3)),
          unit: "ms",
          better: "lower",
        },
        {
          id: "unevented",
          label: "paid without exactly one payment.succeeded event",
          value: unevented,
          unit: "",
          better: "lower",
          target: 0,
          kind: "consistency",
        },
        {
          id: "non204",
          label: "answers other than 204",
          value: apps.reduce((n, a) => n + a.deliveries - (a.statuses.get(204) ?? 0), 0),
          unit: "",
          better: "lower",
          target: 0,
          kind: "consistency",
        },
      ],
      notes: `${ROUNDS} rounds of ${apps[0]!.deliveries} deliveries (${DUP_RATE * 100}% duplicates) of ${UNIQUE} signed, encrypted notifications each; concurrency ${CONCURRENCY}; ${INSTANCES} × ${cluster.mode === "next" ? "next start" : "node instance"}. Baseline in the same run: a bare Next.js route (same next/react) reading the same bodies and doing one prepared INSERT through a pg pool of the same size, alternating with the app round by round; ratios are per round, median shown. Load generator on the same machine.`,
      extra: {
        rounds: apps.map((a, i) => ({
          ingest: Math.round(a.rate),
          bare: Math.round(bares[i]!.rate),
          p99: a.p99,
          bareP99: bares[i]!.p99,
        })),
      },
    });
    if (lost !== 0 || doubled !== 0 || unevented !== 0 || answered204 !== deliveries) process.exitCode = 1;
  } finally {
    await bare?.stop();
    await cluster.stop();
    await statPool.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
