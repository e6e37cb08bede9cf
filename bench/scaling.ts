// npm run bench:scaling — notification ingest on 1 and 2 app instances sharing one PostgreSQL,
// at 10, 50 and 200 notifications in flight: throughput, p50/p99 latency (drawn as a chart by
// npm run bench) and the app's peak RSS under the load.
import os from "node:os";
import { postgresReachable, startNotifyCluster } from "../scripts/notify-cluster";
import { prepareBatch, runBatch } from "./lib/notify-ingest";
import { helpRequested, reportResult, type Metric } from "./lib/report";
import { sampleRss } from "./lib/rss-sampler";
import type { Series } from "./lib/svg-chart";

helpRequested(`
npm run bench:scaling — ingest scaling (instances × concurrency) and peak memory.

env: BENCH_SCALING_NOTIFICATIONS (unique notifications per step, default 1500; 20% duplicates
     are added), BENCH_SCALING_CONCURRENCY (default 10,50,200), BENCH_SCALING_INSTANCES (1,2).
Needs PostgreSQL at 127.0.0.1:5432 and a production build (npm run build). About 1–2 minutes.
`);

const PER_STEP = Number(process.env.BENCH_SCALING_NOTIFICATIONS ?? 1500);
const LEVELS = (process.env.BENCH_SCALING_CONCURRENCY ?? "10,50,200").split(",").map(Number);
const INSTANCE_COUNTS = (process.env.BENCH_SCALING_INSTANCES ?? "1,2").split(",").map(Number);

async function main() {
  if (!(await postgresReachable()))
    throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432 (TEST_DATABASE_URL)");
  const metrics: Metric[] = [];
  const p99Series: Series[] = [];
  const rows: string[] = [];
  for (const instances of INSTANCE_COUNTS) {
    const cluster = await startNotifyCluster({ instances });
    try {
      await runBatch(cluster, await prepareBatch(cluster, 300, 0), 16); // warm-up (JIT, pools)
      const series: Series = { name: `p99, ${instances} instance${instances > 1 ? "s" : ""}`, points: [] };
      for (const c of LEVELS) {
        const batch = await prepareBatch(cluster, PER_STEP, 0.2);
        const rss = sampleRss(() => cluster.pids());
        const r = await runBatch(cluster, batch, c);
        const peak = rss.stop();
        const tag = `${instances}i-c${c}`;
        rows.push(
          `${String(instances).padStart(9)} ${String(c).padStart(11)} ${r.rate.toFixed(0).padStart(9)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${peak.toFixed(0).padStart(11)}   ${r.lost}/${r.doubled}`,
        );
        metrics.push(
          {
            id: `rate-${tag}`,
            label: `${instances} instance(s), ${c} in flight: notifications/s`,
            value: Math.round(r.rate),
            unit: "/s",
            better: "higher",
          },
          {
            id: `p99-${tag}`,
            label: `${instances} instance(s), ${c} in flight: p99`,
            value: Number(r.p99.toFixed(1)),
            unit: "ms",
            better: "lower",
          },
          {
            id: `rss-${tag}`,
            label: `${instances} instance(s), ${c} in flight: peak RSS (all instances)`,
            value: Math.round(peak),
            unit: "MiB",
            better: "lower",
          },
          {
            id: `consistency-${tag}`,
            label: `${instances} instance(s), ${c} in flight: lost + doubled`,
            value: r.lost + r.doubled,
            unit: "",
            better: "lower",
            target: 0,
            kind: "consistency",
          },
        );
        series.points.push({ x: c, y: Number(r.p99.toFixed(1)) });
        if (r.lost + r.doubled > 0) process.exitCode = 1;
      }
      p99Series.push(series);
    } finally {
      await cluster.stop();
    }
  }
  console.log(`\ninstances  in flight  notif/s  p50 ms   p99 ms   peak RSS MiB  lost/doubled`);
  for (const r of rows) console.log(r);
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} on ${os.cpus().length} cores (load generator, simulator, PostgreSQL and the app share them)`,
  );
  reportResult({
    bench: "scaling",
    metrics,
    notes:
      `${PER_STEP} unique notifications (+20% duplicates) per step against \`next start\` on PostgreSQL; every instance, ` +
      "PostgreSQL and the load generator share the same cores, so a second instance adds parallelism only up to the CPUs there are.",
    extra: {
      series: p99Series,
      chart: {
        title: "Notification ingest p99 latency by concurrency",
        xLabel: "notifications in flight",
        yLabel: "p99 latency (ms)",
      },
    },
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
