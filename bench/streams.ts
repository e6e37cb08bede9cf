// npm run bench:streams — open payment pages held by a load script: N status streams (the
// server-sent-events route) against the built app on PostgreSQL, the instance's CPU and memory
// while it holds them, then notification 2xx → status event on an open stream for a sample.
import http from "node:http";
import { readFileSync } from "node:fs";
import os from "node:os";
import { postgresReachable, startNotifyCluster } from "../scripts/notify-cluster";
import { prepareBatch } from "./lib/notify-ingest";
import { helpRequested } from "./lib/report";

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

    // Notification 2xx → the PAID event on that payment's open stream, one at a time.
    const after2xx: number[] = [];
    const total: number[] = [];
    for (let i = 0; i < Math.min(PROBES, STREAMS); i++) {
      const s = streams[i]!;
      const d = batch.deliveries[i]!;
      const got = new Promise<void>((r) => (s.events.length > 1 ? r() : s.waiters.push(r)));
      const sent = performance.now();
      const res = await fetch(cluster.notifyUrl(0), {
        method: "POST",
        headers: { ...d.headers, "content-type": "application/json" },
        body: d.rawBody,
      });
      const answered = performance.now();
      if (res.status !== 204) throw new Error(`notify answered ${res.status}`);
      await got;
      const at = s.events[1]!.at;
      if (s.events[1]!.status !== "PAID") throw new Error(`stream said ${s.events[1]!.status}`);
      after2xx.push(Math.max(0, at - answered));
      total.push(at - sent);
    }
    console.log(
      `notification 2xx → PAID on the stream: p50 ${pct(after2xx, 0.5).toFixed(1)} ms, p95 ${pct(after2xx, 0.95).toFixed(1)} ms; send → event p50 ${pct(total, 0.5).toFixed(1)} ms, p95 ${pct(total, 0.95).toFixed(1)} ms (${after2xx.length} probes, ${STREAMS} streams open)`,
    );
    for (const s of streams) s.req.destroy();
  } finally {
    await cluster.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
