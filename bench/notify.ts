// npm run bench:notify — notification ingest against the built app (`next start`) on the real
// PostgreSQL: genuine signed, AES-GCM-encrypted TRANSACTION.SUCCESS notifications (20% of the
// deliveries are duplicates of earlier ids, as WeChat Pay's retries are), sent with bounded
// concurrency over keep-alive connections. Prints notifications/s, latency percentiles and a
// consistency check: every payment PAID exactly once (0 lost, 0 doubled).
import os from "node:os";
import { postgresReachable, startNotifyCluster } from "../scripts/notify-cluster";
import { prepareBatch, runBatch } from "./lib/notify-ingest";
import { helpRequested, reportResult } from "./lib/report";

helpRequested(`
npm run bench:notify — notification ingest throughput and latency (built app, PostgreSQL).

env: BENCH_NOTIFICATIONS (unique notifications, default 4000), BENCH_DUPLICATE_RATE (0.2),
     BENCH_CONCURRENCY (16), BENCH_INSTANCES (1), CLUSTER_MODE (next|node; default next when the
     build has the notify route). Needs PostgreSQL at 127.0.0.1:5432 (TEST_DATABASE_URL) and,
     for next mode, a production build (npm run build). About 20–40 s.
Target (issue 6): ≥ 1,000 notifications/s with p99 ≤ 50 ms on 2 cores; 0 lost, 0 doubled.
`);

const UNIQUE = Number(process.env.BENCH_NOTIFICATIONS ?? 4000);
const DUP_RATE = Number(process.env.BENCH_DUPLICATE_RATE ?? 0.2);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 1);
const WARMUP = 300;

async function main() {
  if (!(await postgresReachable()))
    throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432 (TEST_DATABASE_URL)");
  const cluster = await startNotifyCluster({ instances: INSTANCES });
  try {
    console.log(
      `app: ${cluster.mode === "next" ? "next start (built app)" : "scripts/notify-instance.ts (no build with the notify route)"} × ${INSTANCES} · PostgreSQL · concurrency ${CONCURRENCY}`,
    );

    const warm = await prepareBatch(cluster, WARMUP, 0);
    const batch = await prepareBatch(cluster, UNIQUE, DUP_RATE);
    console.log(
      `${batch.deliveries.length} deliveries (${batch.duplicates} duplicates) after ${WARMUP} warm-up notifications`,
    );
    await runBatch(cluster, warm, CONCURRENCY);
    const r = await runBatch(cluster, batch, CONCURRENCY);
    const { rate, p50, p99, lost, doubled, paid } = r;

    console.log("");
    console.log(`deliveries        ${r.deliveries} in ${r.seconds.toFixed(2)} s`);
    console.log(`notifications/s   ${rate.toFixed(0)}   (target ≥ 1000)`);
    console.log(`latency p50       ${p50.toFixed(1)} ms`);
    console.log(`latency p90       ${r.p90.toFixed(1)} ms`);
    console.log(`latency p99       ${p99.toFixed(1)} ms   (target ≤ 50)`);
    console.log(`latency max       ${r.max.toFixed(1)} ms`);
    console.log(`HTTP statuses     ${[...r.statuses].map(([s, n]) => `${s}×${n}`).join(" ")}`);
    console.log(
      `load average      ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} (${os.cpus().length} cores; other work on the machine lowers these figures)`,
    );
    console.log(`consistency       ${paid}/${UNIQUE} paid → ${lost} lost, ${doubled} doubled`);

    reportResult({
      bench: "notify",
      metrics: [
        { id: "rate", label: "notifications/s", value: Math.round(rate), unit: "/s", better: "higher", target: 1000 },
        { id: "p50", label: "latency p50", value: Number(p50.toFixed(1)), unit: "ms", better: "lower" },
        { id: "p99", label: "latency p99", value: Number(p99.toFixed(1)), unit: "ms", better: "lower", target: 50 },
        { id: "lost", label: "lost", value: lost, unit: "", better: "lower", target: 0, kind: "consistency" },
        { id: "doubled", label: "doubled", value: doubled, unit: "", better: "lower", target: 0, kind: "consistency" },
        {
          id: "non204",
          label: "answers other than 204",
          value: r.deliveries - (r.statuses.get(204) ?? 0),
          unit: "",
          better: "lower",
          target: 0,
          kind: "consistency",
        },
      ],
      notes: `${r.deliveries} deliveries (${batch.duplicates} duplicates) of ${UNIQUE} signed, encrypted notifications; concurrency ${CONCURRENCY}; ${INSTANCES} × ${cluster.mode === "next" ? "next start" : "node instance"}; load generator on the same machine.`,
    });
    if (lost !== 0 || doubled !== 0 || (r.statuses.get(204) ?? 0) !== r.deliveries) process.exitCode = 1;
  } finally {
    await cluster.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
