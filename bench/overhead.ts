// npm run bench:overhead — what structured logging and Prometheus metrics cost on the hottest
// path, notification ingest, measured in one run: two instances of the built app (`next start`)
// on the same PostgreSQL schema, one as deployed (LOG_LEVEL=info: an access line per request but a 2xx notification,
// every metric recorded, METRICS_TOKEN set) and one with both off (LOG_LEVEL=silent,
// METRICS_DISABLED=1). They take the same kind of batch (bench:notify's signed, encrypted
// TRANSACTION.SUCCESS notifications with 20% duplicates) in alternating order, round after round
// (on/off, off/on, …), so drift on a shared machine falls on both sides. Two figures:
//  - throughput: notifications/s at a fixed concurrency (median of the rounds);
//  - CPU per notification: user + system time of the instance's processes (/proc) per delivery,
//    which other work on the machine disturbs less than throughput.
// Overhead = (off − on) / off for throughput, (on − off) / off for CPU.
import { readFileSync } from "node:fs";
import os from "node:os";
import { postgresReachable, startNotifyCluster, type NotifyCluster } from "../scripts/notify-cluster";
import { prepareBatch, runBatch, type IngestResult } from "./lib/notify-ingest";
import { helpRequested, reportResult, type Metric } from "./lib/report";
import { processTree } from "./lib/rss-sampler";

helpRequested(`
npm run bench:overhead — logging + metrics overhead on notification ingest (built app, PostgreSQL).

env: BENCH_NOTIFICATIONS (unique notifications per batch, default 2000), BENCH_ROUNDS (default 4;
     each round is one batch per side), BENCH_CONCURRENCY (16), BENCH_DUPLICATE_RATE (0.2).
Needs PostgreSQL at 127.0.0.1:5432 (TEST_DATABASE_URL) and a production build (npm run build).
About 1 minute. Target (issue 15): ≤ 5% overhead.
`);

const UNIQUE = Number(process.env.BENCH_NOTIFICATIONS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DUP_RATE = Number(process.env.BENCH_DUPLICATE_RATE ?? 0.2);
// Enough for V8 to optimise both instances before the first timed round (500 left round 1 ~30%
// dearer per notification on both sides).
const WARMUP = 2000;
const METRICS_TOKEN = "bench-overhead-metrics-token-0123";
const ON = 0;
const OFF = 1;
const SIDES = { [ON]: "logs + metrics on", [OFF]: "logs + metrics off" } as const;

const CLOCK_TICKS = 100; // USER_HZ on Linux
/** CPU seconds (user + system) used so far by a process and its descendants. */
function cpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of processTree([pid])) {
    try {
      // Fields after the command (which may hold spaces) start at ") "; utime and stime are 14 and 15.
      const stat = readFileSync(`/proc/${p.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile
    }
  }
  return ticks / CLOCK_TICKS;
}

/** The cluster as seen by one instance (runBatch sends to every URL it is given). */
const only = (cluster: NotifyCluster, i: number): NotifyCluster => ({ ...cluster, urls: [cluster.urls[i]!] });

interface Sample extends IngestResult {
  cpuMsPerNotification: number;
}

async function measure(cluster: NotifyCluster, side: number, concurrency: number): Promise<Sample> {
  const batch = await prepareBatch(cluster, UNIQUE, DUP_RATE);
  const pid = cluster.pids()[side]!;
  const cpu0 = cpuSeconds(pid);
  const r = await runBatch(only(cluster, side), batch, concurrency);
  return { ...r, cpuMsPerNotification: ((cpuSeconds(pid) - cpu0) * 1000) / r.deliveries };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The "on" side's metric series, read as Prometheus would (proves it really recorded). */
async function notificationsCounted(url: string): Promise<number> {
  const res = await fetch(`${url}/api/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!res.ok) return -res.status;
  const text = await res.text();
  return [...text.matchAll(/^wxpay_notifications_total\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

async function main() {
  if (!(await postgresReachable()))
    throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432 (TEST_DATABASE_URL)");
  const logLines = [0, 0];
  const cluster = await startNotifyCluster({
    instances: 2,
    mode: "next",
    env: { LOG_LEVEL: "info", METRICS_TOKEN },
    // The lines are counted (and dropped) here, standing in for a log collector reading stdout.
    onStdout: (_line, i) => {
      logLines[i] = (logLines[i] ?? 0) + 1;
    },
  });
  try {
    // Instance 1 again, with both off.
    await cluster.kill(OFF, "SIGTERM");
    await cluster.restart(OFF, { LOG_LEVEL: "silent", METRICS_DISABLED: "1" });
    for (const side of [ON, OFF])
      await runBatch(only(cluster, side), await prepareBatch(cluster, WARMUP, 0), CONCURRENCY);
    const linesBefore = [...logLines];
    const countedBefore = await notificationsCounted(cluster.urls[ON]!);

    const samples: Record<number, Sample[]> = { [ON]: [], [OFF]: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of round % 2 === 0 ? [ON, OFF] : [OFF, ON]) {
        const s = await measure(cluster, side, CONCURRENCY);
        samples[side]!.push(s);
        console.log(
          `round ${round + 1} ${SIDES[side as 0 | 1].padEnd(20)} ${s.rate.toFixed(0).padStart(6)}/s  p99 ${s.p99.toFixed(1).padStart(6)} ms  ` +
            `CPU ${s.cpuMsPerNotification.toFixed(3)} ms/notification`,
        );
      }
    }
    const onSide = samples[ON]!;
    const offSide = samples[OFF]!;
    const delivered = onSide.reduce((n, s) => n + s.deliveries, 0);
    const linesOn = logLines[ON]! - linesBefore[ON]!;
    const linesOff = logLines[OFF]! - linesBefore[OFF]!;
    const counted = (await notificationsCounted(cluster.urls[ON]!)) - countedBefore;
    const offMetrics = await fetch(`${cluster.urls[OFF]}/api/metrics`, {
      headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
    });
    // The comparison means something only if the "on" side counted every delivery and its logger
    // writes (its start-up lines reached the bench), and the "off" side did neither. At info a
    // notification answered 2xx writes no line (its access line is at debug; refusals log at info).
    const sidesHonest = logLines[ON]! > 0 && counted === delivered && linesOff === 0 && offMetrics.status === 404;

    const rateOn = median(onSide.map((s) => s.rate));
    const rateOff = median(offSide.map((s) => s.rate));
    const cpuOn = median(onSide.map((s) => s.cpuMsPerNotification));
    const cpuOff = median(offSide.map((s) => s.cpuMsPerNotification));
    const lost = [...onSide, ...offSide].reduce((n, s) => n + s.lost, 0);
    const doubled = [...onSide, ...offSide].reduce((n, s) => n + s.doubled, 0);
    const throughputOverhead = ((rateOff - rateOn) / rateOff) * 100;
    const cpuOverhead = ((cpuOn - cpuOff) / cpuOff) * 100;
    const metrics: Metric[] = [
      {
        id: "throughput-overhead",
        label: "throughput lost to logging + metrics",
        value: throughputOverhead,
        unit: "%",
        better: "lower",
        target: 5,
      },
      {
        id: "cpu-overhead",
        label: "CPU per notification added by logging + metrics",
        value: cpuOverhead,
        unit: "%",
        better: "lower",
        target: 5,
      },
      { id: "rate-on", label: "notifications/s, logs + metrics on", value: rateOn, unit: "/s", better: "higher" },
      { id: "rate-off", label: "notifications/s, logs + metrics off", value: rateOff, unit: "/s", better: "higher" },
      { id: "cpu-on", label: "CPU per notification, on", value: cpuOn, unit: "ms", better: "lower" },
      { id: "cpu-off", label: "CPU per notification, off", value: cpuOff, unit: "ms", better: "lower" },
      { id: "lost", label: "lost", value: lost, unit: "", better: "lower", target: 0 },
      { id: "doubled", label: "doubled", value: doubled, unit: "", better: "lower", target: 0 },
    ];
    console.log("");
    for (const m of metrics)
      console.log(
        `  ${m.label.padEnd(50)} ${m.value.toFixed(m.unit === "ms" ? 3 : 1).padStart(9)} ${m.unit}${m.target === undefined ? "" : `   (target ≤ ${m.target}: ${m.value <= m.target ? "met" : "NOT met"})`}`,
      );
    console.log(
      `  on side: ${linesOn} log lines and ${counted} notifications counted for ${delivered} deliveries; off side: ${linesOff} lines, /api/metrics ${offMetrics.status}`,
    );
    console.log(
      `  load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} (${os.cpus().length} cores)`,
    );
    if (!sidesHonest) throw new Error("the on side did not log or count every delivery, or the off side did");
    reportResult({
      bench: "overhead",
      metrics,
      notes:
        `Two \`next start\` instances on one PostgreSQL schema: LOG_LEVEL=info with every metric (METRICS_TOKEN set) against ` +
        `LOG_LEVEL=silent + METRICS_DISABLED=1; ${ROUNDS} rounds of ${UNIQUE} unique notifications (+${DUP_RATE * 100}% duplicates) ` +
        `per side, alternating order, concurrency ${CONCURRENCY}; medians of the rounds. The on side's stdout is read by the bench ` +
        `(lines counted, as a log collector would read them; at info a notification answered 2xx writes no line, its access line ` +
        `is at debug). CPU = user + system time of the instance from /proc.`,
      extra: {
        rounds: { on: onSide.map(({ statuses: _s, ...r }) => r), off: offSide.map(({ statuses: _s, ...r }) => r) },
        logLinesOn: linesOn,
        notificationsCounted: counted,
      },
    });
    if (lost !== 0 || doubled !== 0) process.exitCode = 1;
  } finally {
    await cluster.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
