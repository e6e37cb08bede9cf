// npm run bench:streams — open payment pages held by a load script: N status streams (the
// server-sent-events route) against the built app on PostgreSQL, the instance's CPU and memory
// while it holds them, then notification 2xx → status event on an open stream for a sample.
import http from "node:http";
import { readFileSync } from "node:fs";
import os from "node:os";
import { postgresReachable, startNotifyCluster } from "../scripts/notify-cluster";
import { prepareBatch } from "./lib/notify-ingest";
import { helpRequested, reportResult } from "./lib/report";

helpRequested(`
npm run bench:streams — status streams held open on one instance (built app, PostgreSQL).

env: BENCH_STREAMS (default 5000), BENCH_PROBES (notifications timed to the stream, 50),
     BENCH_HOLD_S (seconds the streams are held while CPU is sampled, 20). Needs a production
     build, PostgreSQL at 127.0.0.1:5432 and an open-files limit above 2 × BENCH_STREAMS.
Targets (issue 18): 5,000 streams on one instance at ≤ 25% of one core and ≤ 300 MB over idle;
notification 2xx → status event p95 ≤ 150 ms.
`);

const STREAMS = Number(process.env.BENCH_STREAMS ?? 5000);
const PROBES = Number(process.env.BENCH_PROBES ?? 50);
const HOLD_S = Number(process.env.BENCH_HOLD_S ?? 20);
const TICK = 100; // USER_HZ on Linux
const PROBE_TIMEOUT_MS = 5000;

function procStats(pid: number): { cpuTicks: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuTicks: Number(stat[11]) + Number(stat[12]), rssMb: rssKb / 1024 };
}
/** Share of one core the process used over `seconds`. */
async function cpuOver(pid: number, seconds: number): Promise<number> {
  const a = procStats(pid).cpuTicks;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return (procStats(pid).cpuTicks - a) / TICK / seconds;
}

interface Stream {
  events: { at: number; status: string }[];
  waiters: (() => void)[];
  req: http.ClientRequest;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
function open(base: string, outTradeNo: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const s: Stream = { events: [], waiters: [], req: null as unknown as http.ClientRequest };
    s.req = http.get(`${base}/api/v1/payments/wechat/payment/${outTradeNo}/events`, { agent }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream ${res.statusCode}`));
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split("\n").find((l) => l.startsWith("data: "));
          if (!data) continue;
          s.events.push({ at: performance.now(), status: JSON.parse(data.slice(6)).status });
          if (s.events.length === 1) resolve(s);
          for (const w of s.waiters.splice(0)) w();
        }
      });
      res.on("error", () => {});
    });
    s.req.on("error", reject);
  });
}

const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))]!;

async function main() {
  if (!(await postgresReachable())) throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432");
  const cluster = await startNotifyCluster({ instances: 1 });
  try {
    const base = cluster.urls[0]!;
    const pid = cluster.pids()[0]!;
    console.log(
      `app: ${cluster.mode === "next" ? "next start (built app)" : "scripts/notify-instance.ts"} · PostgreSQL · ${os.cpus().length} cores · load ${os.loadavg()[0]!.toFixed(1)}`,
    );
    const batch = await prepareBatch(cluster, STREAMS, 0);
    // Warm the route (compile caches, the LISTEN connection), then let it settle.
    const warm = await open(base, batch.outTradeNos[0]!);
    warm.req.destroy();
    await new Promise((r) => setTimeout(r, 3000));
    const idle = procStats(pid);
    const idleCpu = await cpuOver(pid, 5);
    console.log(`idle: RSS ${idle.rssMb.toFixed(0)} MB, CPU ${(idleCpu * 100).toFixed(1)}% of a core`);

    const t0 = performance.now();
    const streams: Stream[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        while (next < STREAMS) {
          const i = next++;
          streams[i] = await open(base, batch.outTradeNos[i]!);
        }
      }),
    );
    console.log(`${STREAMS} streams open (first event each) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await new Promise((r) => setTimeout(r, 2000));
    const holdCpu = await cpuOver(pid, HOLD_S);
    const held = procStats(pid);
    console.log(
      `holding ${STREAMS}: CPU ${(holdCpu * 100).toFixed(1)}% of a core over ${HOLD_S} s, RSS ${held.rssMb.toFixed(0)} MB (+${(held.rssMb - idle.rssMb).toFixed(0)} MB over idle)`,
    );

    // Notification 2xx → the PAID event on that payment's open stream, one at a time. A probe
    // whose notification is not answered 204, or whose stream does not say PAID in time, is a
    // failed check (counted and reported, so the run's figures are kept).
    const after2xx: number[] = [];
    const total: number[] = [];
    const failures: string[] = [];
    for (let i = 0; i < Math.min(PROBES, STREAMS); i++) {
      const s = streams[i]!;
      const d = batch.deliveries[i]!;
      const got = new Promise<boolean>((r) => {
        if (s.events.length > 1) return r(true);
        s.waiters.push(() => r(true));
        setTimeout(() => r(false), PROBE_TIMEOUT_MS).unref();
      });
      const sent = performance.now();
      const res = await fetch(cluster.notifyUrl(0), {
        method: "POST",
        headers: { ...d.headers, "content-type": "application/json" },
        body: d.rawBody,
      });
      const answered = performance.now();
      if (res.status !== 204) {
        failures.push(`notify answered ${res.status}`);
        continue;
      }
      const event = (await got) ? s.events[1] : undefined;
      if (event?.status !== "PAID") {
        failures.push(event ? `stream said ${event.status}` : `no event within ${PROBE_TIMEOUT_MS} ms`);
        continue;
      }
      after2xx.push(Math.max(0, event.at - answered));
      total.push(event.at - sent);
    }
    if (failures.length) console.log(`failed probes: ${failures.length} (${[...new Set(failures)].join("; ")})`);
    console.log(
      `notification 2xx → PAID on the stream: p50 ${pct(after2xx, 0.5).toFixed(1)} ms, p95 ${pct(after2xx, 0.95).toFixed(1)} ms; send → event p50 ${pct(total, 0.5).toFixed(1)} ms, p95 ${pct(total, 0.95).toFixed(1)} ms (${after2xx.length} probes, ${STREAMS} streams open)`,
    );
    for (const s of streams) s.req.destroy();

    const latency = (id: string, label: string, values: number[], p: number, target?: number) =>
      values.length
        ? [{ id, label, value: Number(pct(values, p).toFixed(1)), unit: "ms", better: "lower" as const, target }]
        : [];
    reportResult({
      bench: "streams",
      metrics: [
        { id: "streams", label: "status streams held open", value: STREAMS, unit: "", better: "higher", target: 5000 },
        {
          id: "cpu",
          label: `CPU while holding them (${HOLD_S} s)`,
          value: Number((holdCpu * 100).toFixed(1)),
          unit: "% of a core",
          better: "lower",
          target: 25,
        },
        {
          id: "rss-over-idle",
          label: "RSS over idle while holding them",
          value: Math.round(held.rssMb - idle.rssMb),
          unit: "MB",
          better: "lower",
          target: 300,
        },
        { id: "rss-idle", label: "RSS idle", value: Math.round(idle.rssMb), unit: "MB", better: "lower" },
        ...latency("paid-p50", "notification 2xx → PAID on the stream p50", after2xx, 0.5),
        ...latency("paid-p95", "notification 2xx → PAID on the stream p95", after2xx, 0.95, 150),
        ...latency("send-p95", "notification sent → PAID on the stream p95", total, 0.95),
        {
          id: "failed-probes",
          label: `probes not answered 204 or without PAID on the stream within ${PROBE_TIMEOUT_MS} ms`,
          value: failures.length,
          unit: "",
          better: "lower",
          target: 0,
          kind: "consistency",
        },
      ],
      notes: `${STREAMS} streams opened by a load script (100 at a time) against 1 × ${cluster.mode === "next" ? "next start" : "node instance"} on PostgreSQL; CPU and RSS of that instance's process from /proc over ${HOLD_S} s of holding; ${after2xx.length} of ${Math.min(PROBES, STREAMS)} probes timed, one at a time, from the notification's 204 to the PAID event on its open stream. Load script, PostgreSQL and the app share the machine's ${os.cpus().length} cores.`,
    });
    if (failures.length) process.exitCode = 1;
  } finally {
    await cluster.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
