// npm run bench:webhooks — what outgoing webhooks cost notification ingest, and how fast an
// event reaches a merchant's receiver. One `next start` instance of the built app (its
// background worker delivering), the real PostgreSQL, genuine signed notifications, and a local
// receiver that verifies every delivery with the `standardwebhooks` package.
//  1. Ingest with no endpoint, with one subscribed endpoint, and with none again, in that order
//     in one run (the two runs without bracket the one with, so drift cannot favour either).
//  2. Notifications at a fixed 200/s for 10 s with the endpoint subscribed: every
//     payment.succeeded event's time from commit (events.created_at) to arrival at the receiver.
import { randomBytes } from "node:crypto";
import os from "node:os";
import autocannon from "autocannon";
import pg from "pg";
import { randomBase62 } from "../lib/ids/random-base62";
import {
  BASE_DATABASE_URL,
  postgresReachable,
  startNotifyCluster,
  type NotifyCluster,
} from "../scripts/notify-cluster";
import { median } from "./lib/aggregate";
import { prepareBatch, runBatch, type IngestResult } from "./lib/notify-ingest";
import { cpuBetween, processCpuSeconds, snapshotCpu, threadCpuSeconds } from "./lib/process-cpu";
import { startReceiverProcess, type ReceiverProcess } from "./lib/receiver-process";
import { helpRequested, reportResult } from "./lib/report";
import { cpuProfileArgs } from "./lib/cpu-profile-args";

helpRequested(`
npm run bench:webhooks [-- --cpu-prof DIR] — notification ingest with and without a subscribed
webhook endpoint, and event-to-delivered latency at a fixed event rate (built app, PostgreSQL, a
local receiver in its own process). Each ingest run also prints the CPU milliseconds per
notification of every process: the app, its PostgreSQL backends, the receiver, and this process
(the load generator). --cpu-prof leaves the app's .cpuprofile in DIR (cpu-profile-stages.ts).

env: BENCH_NOTIFICATIONS (per ingest run, default 2000), BENCH_ROUNDS (runs with the endpoint, each
     between two without, default 3), BENCH_CONCURRENCY (16),
     BENCH_EVENT_RATE (events/s for the latency run, 200), BENCH_EVENT_SECONDS (10),
     BENCH_PORT (the app's port; default a free one).
Targets (issue 12): ingest with one endpoint ≥ 0.9× without; latency p95 ≤ 500 ms at 200 events/s.
About 60–90 s.
`);

const UNIQUE = Number(process.env.BENCH_NOTIFICATIONS ?? 2000);
// Runs with the endpoint, each between two without (see main()).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const RATE = Number(process.env.BENCH_EVENT_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_EVENT_SECONDS ?? 10);
// Long enough that the first measured run is not still warming up (JIT, pools, prepared statements).
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2000);

const PROFILING = process.argv.includes("--cpu-prof");
const PORT = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;

/** CPU ms per notification of each process on the machine that took part in a run. */
interface RunCpu {
  app: number;
  /** Of `app`, the main thread's: the one serving requests (the rest: GC helpers, the delivery thread). */
  requestThread: number;
  database: number;
  receiver: number;
  loadGenerator: number;
}

const cpuText = (c: RunCpu) =>
  `cpu/notification: app ${c.app.toFixed(2)} ms (request thread ${c.requestThread.toFixed(2)}) + its PostgreSQL ${c.database.toFixed(2)} ms · receiver ${c.receiver.toFixed(2)} ms · load generator ${c.loadGenerator.toFixed(2)} ms`;

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;

interface Meter {
  pool: pg.Pool;
  cluster: NotifyCluster;
  receiver: ReceiverProcess;
}

/**
 * One ingest run, metered: CPU of the app and of the PostgreSQL backends serving it (process-cpu.ts),
 * of the receiver process, and of this process (autocannon; the simulator sits idle here). With
 * an endpoint the meter runs on until the run's deliveries are all done (`drain`), so their cost
 * is charged to the run that caused them rather than spilling into the next; the rate is the
 * ingest's own (last answer), and `pendingAtEnd` says how far delivery trailed it.
 */
async function ingest(
  m: Meter,
  label: string,
  drain = false,
): Promise<IngestResult & { cpu: RunCpu; pendingAtEnd: number }> {
  const batch = await prepareBatch(m.cluster, UNIQUE, 0);
  const before = await snapshotCpu(m.pool, m.cluster.pids());
  const receiverBefore = processCpuSeconds(m.receiver.pid);
  const mainThreads = () => m.cluster.pids().reduce((sum, pid) => sum + threadCpuSeconds(pid), 0);
  const mainBefore = mainThreads();
  const selfBefore = process.cpuUsage();
  const fromUs = process.hrtime.bigint() / 1000n; // CLOCK_MONOTONIC, the clock of V8's CPU profiles
  const r = await runBatch(m.cluster, batch, CONCURRENCY);
  const pendingAtEnd = drain ? await pendingDeliveries(m.cluster) : 0;
  const self = process.cpuUsage(selfBefore); // the load generator's work ends here
  if (drain) await drainDeliveries(m.cluster);
  const window = `${fromUs}:${process.hrtime.bigint() / 1000n}`;
  const used = cpuBetween(before, await snapshotCpu(m.pool, m.cluster.pids()));
  const mainUsed = mainThreads() - mainBefore;
  const perN = (seconds: number) => (seconds * 1000) / r.deliveries;
  const cpu: RunCpu = {
    app: perN(used.server),
    requestThread: perN(mainUsed),
    database: perN(used.database),
    receiver: perN(processCpuSeconds(m.receiver.pid) - receiverBefore),
    loadGenerator: perN((self.user + self.system) / 1e6),
  };
  console.log(
    `${label.padEnd(28)} ${r.rate.toFixed(0).padStart(6)} /s   p99 ${r.p99.toFixed(0)} ms   ${r.lost} lost ${r.doubled} doubled${drain ? `   ${pendingAtEnd} deliveries pending at the end` : ""}`,
  );
  console.log(`${"".padEnd(28)} ${cpuText(cpu)}${drain ? " (until delivered)" : ""}`);
  if (PROFILING) console.log(`${"".padEnd(28)} profile window ${window} (cpu-profile-stages.ts --window)`);
  return { ...r, cpu, pendingAtEnd };
}

/** Attempts so far, and rounds: each round records its attempts in one statement (one xmin). */
async function deliveryRounds(cluster: NotifyCluster): Promise<{ attempts: number; rounds: number }> {
  const [row] = await cluster.db.$queryRawUnsafe<{ attempts: number; rounds: number }[]>(
    "SELECT count(*)::int AS attempts, count(DISTINCT xmin::text)::int AS rounds FROM webhook_attempts",
  );
  return row!;
}

const pendingDeliveries = (cluster: NotifyCluster) =>
  cluster.db.webhookDelivery.count({ where: { status: "PENDING" } });

/** Waits (bounded, 60 s) until no delivery is pending. */
async function drainDeliveries(cluster: NotifyCluster) {
  const until = Date.now() + 60_000;
  while (Date.now() < until && (await pendingDeliveries(cluster)) > 0) await new Promise((r) => setTimeout(r, 50));
}

/** Sends `RATE`/s notifications for `SECONDS` and returns each event's commit-to-arrival time. */
async function latencyRun(cluster: NotifyCluster, arrivals: Map<string, number>) {
  const batch = await prepareBatch(cluster, RATE * SECONDS, 0);
  let next = 0;
  await autocannon({
    url: cluster.urls[0]!,
    connections: CONCURRENCY,
    overallRate: RATE,
    amount: batch.deliveries.length,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: "/api/v1/payments/wechat/notify",
        setupRequest: (req) => {
          const n = batch.deliveries[next++]!;
          return { ...req, headers: { ...n.headers, "content-type": "application/json" }, body: n.rawBody };
        },
      },
    ],
  });
  const orders = await cluster.db.order.findMany({
    where: { orderNo: { in: batch.outTradeNos.map((n) => `O-${n}`) } },
    select: { id: true },
  });
  const events = await cluster.db.event.findMany({
    where: { orderId: { in: orders.map((o) => o.id) }, type: "payment.succeeded" },
    select: { id: true, createdAt: true },
  });
  // Wait (bounded) for the tail of deliveries.
  const deadline = Date.now() + 30_000;
  while (events.some((e) => !arrivals.has(e.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const latencies = events.flatMap((e) => {
    const at = arrivals.get(e.id);
    return at === undefined ? [] : [at - e.createdAt.getTime()];
  });
  return { events: events.length, expected: batch.outTradeNos.length, latencies: latencies.sort((a, b) => a - b) };
}

async function main() {
  if (!(await postgresReachable()))
    throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432 (TEST_DATABASE_URL)");
  const cluster = await startNotifyCluster({
    instances: 1,
    basePort: PORT,
    env: { WORKER_DISABLED: "0" },
    nodeArgs: cpuProfileArgs(),
  });
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  const receiver = await startReceiverProcess([secret]);
  const arrivals = receiver.arrivals;
  const pool = new pg.Pool({ connectionString: BASE_DATABASE_URL, max: 1 });
  const meter: Meter = { pool, cluster, receiver };
  try {
    // CLUSTER_MODE=node: the same notify handler and delivery loop without Next (scripts/notify-instance.ts),
    // to tell the framework's share of a delivery's cost from the loop's own.
    if (cluster.mode !== "next" && process.env.CLUSTER_MODE !== "node")
      throw new Error("bench:webhooks needs the built app (npm run build), or CLUSTER_MODE=node");
    console.log(
      `app: ${cluster.mode === "next" ? "next start (built app)" : "scripts/notify-instance.ts (no Next)"} × 1 · PostgreSQL · concurrency ${CONCURRENCY} · receiver ${receiver.url} (own process)`,
    );
    // The warm-up runs with the endpoint subscribed, so the delivery code is as warm (JIT, pools,
    // prepared statements, the receiver's keep-alive sockets) as the notification route's: a
    // server that has run for a while has both warm. Its deliveries are done before the first run.
    const endpoint = await cluster.db.webhookEndpoint.create({
      data: {
        id: `we_${randomBase62(24)}`,
        url: receiver.url,
        events: ["*"],
        livemode: false,
        secret,
        createdBy: "bench",
      },
    });
    await runBatch(cluster, await prepareBatch(cluster, WARMUP, 0), CONCURRENCY);
    await drainDeliveries(cluster);
    const setEnabled = (enabled: boolean) =>
      cluster.db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled } });
    await setEnabled(false);

    // Rounds alternate: none, one endpoint, none, one endpoint, …, none. Each run with the
    // endpoint is compared with the two without it on either side (drift cannot favour either),
    // and the ratio is the median of those per-round ratios, as bench:notify does: one run
    // without an endpoint that happens to meet a busy moment then moves one round, not the figure.
    const withoutRuns = [await ingest(meter, "ingest, no endpoint")];
    const withRuns: Awaited<ReturnType<typeof ingest>>[] = [];
    const roundRatios: number[] = [];
    const rounds = { attempts: 0, rounds: 0 };
    for (let i = 1; i <= ROUNDS; i++) {
      await setEnabled(true);
      const roundsBefore = await deliveryRounds(cluster);
      const w = await ingest(meter, `ingest, one endpoint (${i}/${ROUNDS})`, true);
      const roundsAfter = await deliveryRounds(cluster);
      rounds.attempts += roundsAfter.attempts - roundsBefore.attempts;
      rounds.rounds += roundsAfter.rounds - roundsBefore.rounds;
      await setEnabled(false);
      const next = await ingest(meter, "ingest, no endpoint (again)");
      roundRatios.push(w.rate / ((withoutRuns.at(-1)!.rate + next.rate) / 2));
      withRuns.push(w);
      withoutRuns.push(next);
    }
    const meanOf = <T>(xs: T[], f: (x: T) => number) => xs.reduce((sum, x) => sum + f(x), 0) / xs.length;
    const without = meanOf(withoutRuns, (r) => r.rate);
    const withRate = meanOf(withRuns, (r) => r.rate);
    const ratio = median(roundRatios);
    const allRuns = [...withoutRuns, ...withRuns];
    console.log(
      `ratio                        ${ratio.toFixed(3)}×   (target ≥ 0.9; median of ${ROUNDS} rounds: ${roundRatios.map((r) => r.toFixed(3)).join(", ")})`,
    );
    // What the endpoint adds, per notification, in CPU (steadier than rates on a shared machine).
    const withoutCpu = (k: keyof RunCpu) => meanOf(withoutRuns, (r) => r.cpu[k]);
    const withCpu = (k: keyof RunCpu) => meanOf(withRuns, (r) => r.cpu[k]);
    const appAdded = withCpu("app") + withCpu("database") - withoutCpu("app") - withoutCpu("database");
    console.log(
      `endpoint adds per notification: app ${(withCpu("app") - withoutCpu("app")).toFixed(2)} ms (request thread ${(withCpu("requestThread") - withoutCpu("requestThread")).toFixed(2)}) + its PostgreSQL ${(withCpu("database") - withoutCpu("database")).toFixed(2)} ms · receiver ${(withCpu("receiver") - withoutCpu("receiver")).toFixed(2)} ms`,
    );
    const cpuRatio =
      (withoutCpu("app") + withoutCpu("database")) / (withoutCpu("app") + withoutCpu("database") + appAdded);

    console.log(
      `delivery rounds (ingest runs) ${rounds.rounds} for ${rounds.attempts} attempts: ${(rounds.attempts / Math.max(1, rounds.rounds)).toFixed(1)} per round`,
    );
    await setEnabled(true);
    const lat = await latencyRun(cluster, arrivals);
    const p50 = percentile(lat.latencies, 50);
    const p95 = percentile(lat.latencies, 95);
    const p99 = percentile(lat.latencies, 99);
    const undelivered = lat.expected - lat.latencies.length;
    const unverified = receiver.unverified();
    console.log(
      `latency at ${RATE}/s            p50 ${p50} ms   p95 ${p95} ms (target ≤ 500)   p99 ${p99} ms   max ${lat.latencies.at(-1)} ms`,
    );
    console.log(
      `events ${lat.events}/${lat.expected}, delivered ${lat.latencies.length}, unverified deliveries ${unverified}`,
    );
    console.log(
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} (${os.cpus().length} cores)`,
    );

    reportResult({
      bench: "webhooks",
      metrics: [
        {
          id: "rate-without",
          label: "ingest, no endpoint (mean of its runs)",
          value: Math.round(without),
          unit: "/s",
          better: "higher",
        },
        {
          id: "rate-with",
          label: "ingest, one subscribed endpoint",
          value: Math.round(withRate),
          unit: "/s",
          better: "higher",
        },
        {
          id: "cpu-ratio",
          label: "app + its PostgreSQL CPU per notification, without / with endpoint",
          value: Number(cpuRatio.toFixed(3)),
          unit: "×",
          better: "higher",
        },
        {
          id: "receiver-cpu",
          label: "receiver (standardwebhooks verify) CPU per notification, with endpoint",
          value: Number(withCpu("receiver").toFixed(3)),
          unit: "ms",
          better: "lower",
        },
        {
          id: "ratio",
          label: "ingest with / without endpoint",
          value: Number(ratio.toFixed(3)),
          unit: "×",
          better: "higher",
          target: 0.9,
        },
        { id: "p50", label: `event → delivered p50 at ${RATE} events/s`, value: p50, unit: "ms", better: "lower" },
        {
          id: "p95",
          label: `event → delivered p95 at ${RATE} events/s`,
          value: p95,
          unit: "ms",
          better: "lower",
          target: 500,
        },
        { id: "p99", label: `event → delivered p99 at ${RATE} events/s`, value: p99, unit: "ms", better: "lower" },
        {
          id: "undelivered",
          label: "events not delivered within 30 s, or unverified",
          value: undelivered + unverified,
          unit: "",
          better: "lower",
          target: 0,
          kind: "consistency",
        },
        {
          id: "lost",
          label: "ingest lost + doubled (all runs)",
          value: allRuns.reduce((s, r) => s + r.lost + r.doubled, 0),
          unit: "",
          better: "lower",
          target: 0,
          kind: "consistency",
        },
      ],
      notes: `${ROUNDS} rounds: ingest runs of ${UNIQUE} notifications alternating without and with one subscribed endpoint (${ROUNDS + 1} without, ${ROUNDS} with), concurrency ${CONCURRENCY}; the ratio is the median of each with-run against the mean of the runs on either side; latency from events.created_at (the committing statement) to the receiver's arrival time, ${RATE}/s for ${SECONDS} s; receiver (own process), load generator and app on the same 2-core machine.`,
    });
    if (undelivered + unverified > 0 || allRuns.some((r) => r.lost + r.doubled > 0)) process.exitCode = 1;
  } finally {
    await receiver.close();
    await cluster.stop();
    await pool.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
