// npm run bench:notify — notification ingest against the built app (`next start`) on the real
// PostgreSQL: genuine signed, AES-GCM-encrypted TRANSACTION.SUCCESS notifications (20% of the
// deliveries are duplicates of earlier ids, as WeChat Pay's retries are), sent with bounded
// concurrency over keep-alive connections. Prints notifications/s, latency percentiles and a
// consistency check: every payment PAID exactly once (0 lost, 0 doubled).
import { randomUUID } from "node:crypto";
import http from "node:http";
import os from "node:os";
import { buildSignedNotification } from "../lib/wechatpay";
import { postgresReachable, startNotifyCluster } from "../scripts/notify-cluster";
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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  if (!(await postgresReachable())) throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432 (TEST_DATABASE_URL)");
  const cluster = await startNotifyCluster({ instances: INSTANCES });
  try {
    const { db, sim } = cluster;
    const identity = sim.context.identity;
    const { mchId, appId } = cluster.wechat.merchant;
    console.log(`app: ${cluster.mode === "next" ? "next start (built app)" : "scripts/notify-instance.ts (no build with the notify route)"} × ${INSTANCES} · PostgreSQL · concurrency ${CONCURRENCY}`);

    // Payments as checkout stores them (PENDING), in bulk.
    const total = WARMUP + UNIQUE;
    const stamp = Date.now().toString(36).toUpperCase();
    const rows = Array.from({ length: total }, (_, i) => ({ orderId: randomUUID(), outTradeNo: `BN${stamp}${String(i).padStart(6, "0")}`, amountFen: 100 + (i % 9000) }));
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      await db.order.createMany({ data: chunk.map((r) => ({ id: r.orderId, orderNo: `O-${r.outTradeNo}`, totalFen: r.amountFen, description: "压测" })) });
      await db.paymentAttempt.createMany({
        data: chunk.map((r) => ({ orderId: r.orderId, outTradeNo: r.outTradeNo, channel: "NATIVE" as const, amountFen: r.amountFen, mchid: mchId, appid: appId, expiresAt: new Date(Date.now() + 3600_000) })),
      });
    }

    // Signed and encrypted by the simulator's WeChat Pay public-key identity, before timing.
    const t0 = Date.now();
    const sign = (r: (typeof rows)[number]) =>
      buildSignedNotification({
        privateKey: identity.publicKeyPrivatePem,
        serial: identity.publicKeyId,
        apiV3Key: identity.merchant.apiV3Key,
        eventType: "TRANSACTION.SUCCESS",
        resource: {
          appid: appId, mchid: mchId, out_trade_no: r.outTradeNo, transaction_id: `4200${r.outTradeNo.slice(2)}`, trade_type: "NATIVE", trade_state: "SUCCESS",
          trade_state_desc: "支付成功", bank_type: "OTHERS", success_time: new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00"),
          payer: { openid: "o-bench" }, amount: { total: r.amountFen, payer_total: r.amountFen, currency: "CNY", payer_currency: "CNY" },
        },
      });
    const warm = rows.slice(0, WARMUP).map(sign);
    const unique = rows.slice(WARMUP).map(sign);
    const dupCount = Math.round((UNIQUE * DUP_RATE) / (1 - DUP_RATE));
    const deliveries = [...unique];
    for (let i = 0; i < dupCount; i++) {
      // A duplicate goes after its original somewhere later in the stream (a retry, a resend).
      const src = Math.floor(Math.random() * UNIQUE);
      const at = src + 1 + Math.floor(Math.random() * (deliveries.length - src));
      deliveries.splice(at, 0, unique[src]!);
    }
    console.log(`signed ${warm.length + unique.length} notifications in ${Date.now() - t0} ms; ${deliveries.length} deliveries (${dupCount} duplicates)`);

    // Plain node:http with keep-alive: the load generator shares the 2 cores, so keep it cheap.
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const post = (n: { rawBody: string; headers: Record<string, string> }, i: number) =>
      new Promise<number>((resolve, reject) => {
        const body = Buffer.from(n.rawBody);
        const req = http.request(cluster.notifyUrl(i % INSTANCES), { method: "POST", agent, headers: { ...n.headers, "Content-Type": "application/json", "Content-Length": body.length } }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
        req.end(body);
      });
    const run = async (list: typeof deliveries) => {
      const latencies: number[] = [];
      const statuses = new Map<number, number>();
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < list.length) {
            const i = next++;
            const s = performance.now();
            let status = 0;
            try {
              status = await post(list[i]!, i);
            } catch {
              status = -1;
            }
            latencies.push(performance.now() - s);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }
        }),
      );
      return { seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b), statuses };
    };

    await run(warm);
    const r = await run(deliveries);
    agent.destroy();

    const ids = rows.slice(WARMUP).map((x) => x.outTradeNo);
    const paid = await db.paymentAttempt.count({ where: { outTradeNo: { in: ids }, status: "PAID" } });
    const transitions = await db.paymentEvent.count({ where: { type: "STATE_CHANGED", payment: { outTradeNo: { in: ids } } } });
    const stored = await db.notificationEvent.count({ where: { verification: "VERIFIED", payment: { outTradeNo: { in: ids } } } });
    const lost = UNIQUE - paid;
    const doubled = Math.max(0, transitions - paid) + Math.max(0, stored - UNIQUE);
    const rate = deliveries.length / r.seconds;
    const p50 = percentile(r.latencies, 50);
    const p99 = percentile(r.latencies, 99);

    console.log("");
    console.log(`deliveries        ${deliveries.length} in ${r.seconds.toFixed(2)} s`);
    console.log(`notifications/s   ${rate.toFixed(0)}   (target ≥ 1000)`);
    console.log(`latency p50       ${p50.toFixed(1)} ms`);
    console.log(`latency p90       ${percentile(r.latencies, 90).toFixed(1)} ms`);
    console.log(`latency p99       ${p99.toFixed(1)} ms   (target ≤ 50)`);
    console.log(`latency max       ${r.latencies.at(-1)!.toFixed(1)} ms`);
    console.log(`HTTP statuses     ${[...r.statuses].map(([s, n]) => `${s}×${n}`).join(" ")}`);
    console.log(`load average      ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (${os.cpus().length} cores; other work on the machine lowers these figures)`);
    console.log(`consistency       ${paid}/${UNIQUE} paid, ${transitions} transitions, ${stored} stored notifications → ${lost} lost, ${doubled} doubled`);

    reportResult({
      bench: "notify",
      metrics: [
        { id: "rate", label: "notifications/s", value: Math.round(rate), unit: "/s", better: "higher", target: 1000 },
        { id: "p50", label: "latency p50", value: Number(p50.toFixed(1)), unit: "ms", better: "lower" },
        { id: "p99", label: "latency p99", value: Number(p99.toFixed(1)), unit: "ms", better: "lower", target: 50 },
        { id: "lost", label: "lost", value: lost, unit: "", better: "lower", target: 0 },
        { id: "doubled", label: "doubled", value: doubled, unit: "", better: "lower", target: 0 },
      ],
      notes: `${deliveries.length} deliveries (${dupCount} duplicates) of ${UNIQUE} signed, encrypted notifications; concurrency ${CONCURRENCY}; ${INSTANCES} × ${cluster.mode === "next" ? "next start" : "node instance"}; load generator on the same machine.`,
    });
    if (lost !== 0 || doubled !== 0 || (r.statuses.get(204) ?? 0) !== deliveries.length) process.exitCode = 1;
  } finally {
    await cluster.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
