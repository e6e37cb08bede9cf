// npm run bench:streams — open payment pages held by a load script: N status streams (the
// server-sent-events route) against the built app on PostgreSQL, the instance's CPU and memory
// while it holds them, then notification 2xx → status event on an open stream for a sample.
// In the same run: the framework's floor (a bare Next.js app holding N SSE streams, as an App
// Router route handler and as a Pages API route: bench/lib/bare-sse-app.ts) and the polling
// fallback (N pages reading the status route every POLL_MS on a fresh instance).
import http from "node:http";
import { readFileSync } from "node:fs";
import os from "node:os";
import { POLL_MS } from "../app/orders/_components/use-payment-status";
import { postgresReachable, startNotifyCluster } from "../scripts/notify-cluster";
import { startBareSseApp } from "./lib/bare-sse-app";
import { prepareBatch } from "./lib/notify-ingest";
import { helpRequested, reportResult, type Metric } from "./lib/report";

helpRequested(`
npm run bench:streams — status streams held open on one instance (built app, PostgreSQL).

env: BENCH_STREAMS (default 5000), BENCH_PROBES (notifications timed to the stream, 50),
     BENCH_HOLD_S (seconds the streams are held while CPU is sampled, 20), BENCH_POLL_PAGES
     (comma-separated page counts polling in the fallback phase, each on a fresh instance;
     default BENCH_STREAMS and a tenth of it), BENCH_BASELINE=0 (skip the
     bare Next.js rows). Needs a production build, PostgreSQL at 127.0.0.1:5432 and an
     open-files limit above 2 × BENCH_STREAMS.
Targets (issue 18): 5,000 streams on one instance at ≤ 25% of one core and ≤ 300 MB over idle;
notification 2xx → status event p95 ≤ 150 ms. The baseline and polling rows have no target.
`);

const STREAMS = Number(process.env.BENCH_STREAMS ?? 5000);
const PROBES = Number(process.env.BENCH_PROBES ?? 50);
const HOLD_S = Number(process.env.BENCH_HOLD_S ?? 20);
const TICK = 100; // USER_HZ on Linux
const PROBE_TIMEOUT_MS = 5000;
// As many pages as streams (what the issue compares), and a tenth of them: a load one instance
// can serve, which gives the fallback's cost per page.
const POLL_PAGES = (process.env.BENCH_POLL_PAGES ?? `${STREAMS},${Math.round(STREAMS / 10)}`)
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const BASELINE = process.env.BENCH_BASELINE !== "0";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
const eventsUrl = (base: string, outTradeNo: string) => `${base}/api/v1/payments/wechat/payment/${outTradeNo}/events`;
/** Opens one stream; resolves at its first event (bare streams' events carry a status too). */
function open(url: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const s: Stream = { events: [], waiters: [], req: null as unknown as http.ClientRequest };
    s.req = http.get(url, { agent }, (res) => {
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

/** Opens `count` streams, 100 at a time; `url(i)` is stream i's address. */
async function openMany(count: number, url: (i: number) => string): Promise<Stream[]> {
  const streams: Stream[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next < count) {
        const i = next++;
        streams[i] = await open(url(i));
      }
    }),
  );
  return streams;
}

interface Held {
  idleRssMb: number;
  heldRssMb: number;
  cpu: number;
}
/** Idle RSS of `pid`, then `count` streams held: CPU over HOLD_S and RSS. Closes them after. */
async function holdStreams(pid: number, count: number, url: (i: number) => string): Promise<Held> {
  (await open(url(0))).req.destroy(); // warm the route
  await sleep(3000);
  const idleRssMb = procStats(pid).rssMb;
  const streams = await openMany(count, url);
  await sleep(2000);
  const cpu = await cpuOver(pid, HOLD_S);
  const heldRssMb = procStats(pid).rssMb;
  for (const s of streams) s.req.destroy();
  return { idleRssMb, heldRssMb, cpu };
}

/**
 * The polling fallback: `pages` readers of the status route, each reading again POLL_MS after
 * its previous read began (or at once when that read took longer), for HOLD_S. Reads/s served
 * is what the instance kept up with; offered is pages / POLL_MS.
 */
async function pollPages(base: string, pid: number, outTradeNos: string[], pages: number) {
  const pollAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const read = (no: string) =>
    new Promise<{ ms: number; failure?: string }>((resolve) => {
      const t = performance.now();
      http
        .get(`${base}/api/v1/payments/wechat/payment/${no}`, { agent: pollAgent }, (res) => {
          let body = "";
          if (res.statusCode === 200) res.resume();
          else res.setEncoding("utf8").on("data", (c: string) => (body += c));
          res.on("end", () => {
            if (res.statusCode === 200) return resolve({ ms: performance.now() - t });
            const code = /"code":"([A-Z_]+)"/.exec(body)?.[1];
            resolve({ ms: 0, failure: `HTTP ${res.statusCode}${code ? ` ${code}` : ""}` });
          });
        })
        .on("error", (err: NodeJS.ErrnoException) => resolve({ ms: 0, failure: err.code ?? err.message }));
    });
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let measuring = false;
  let stop = false;
  const loops = Array.from({ length: pages }, async (_, i) => {
    await sleep(Math.random() * POLL_MS); // pages opened at different moments
    while (!stop) {
      const began = performance.now();
      const r = await read(outTradeNos[i % outTradeNos.length]!);
      if (measuring) {
        if (r.failure) failures.set(r.failure, (failures.get(r.failure) ?? 0) + 1);
        else latencies.push(r.ms);
      }
      await sleep(Math.max(0, POLL_MS - (performance.now() - began)));
    }
  });
  await sleep(5000); // every page has started; the instance is at its steady state
  measuring = true;
  const cpu = await cpuOver(pid, HOLD_S);
  measuring = false;
  const rssMb = procStats(pid).rssMb;
  stop = true;
  await Promise.all(loops);
  pollAgent.destroy();
  const failed = [...failures.values()].reduce((a, b) => a + b, 0);
  const why = [...failures].map(([k, n]) => `${n} ${k}`).join(", ");
  return { cpu, rssMb, served: latencies.length / HOLD_S, failed, why, latencies };
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
    const warm = await open(eventsUrl(base, batch.outTradeNos[0]!));
    warm.req.destroy();
    await new Promise((r) => setTimeout(r, 3000));
    const idle = procStats(pid);
    const idleCpu = await cpuOver(pid, 5);
    console.log(`idle: RSS ${idle.rssMb.toFixed(0)} MB, CPU ${(idleCpu * 100).toFixed(1)}% of a core`);

    const t0 = performance.now();
    const streams = await openMany(STREAMS, (i) => eventsUrl(base, batch.outTradeNos[i]!));
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

    // The polling fallback, each page count on a fresh instance (its idle RSS measured anew),
    // reading payments that are still pending (the probes paid the first PROBES).
    const pending = batch.outTradeNos.slice(Math.min(PROBES, STREAMS));
    const polls: (Awaited<ReturnType<typeof pollPages>> & { pages: number; idleRssMb: number })[] = [];
    for (const pages of POLL_PAGES) {
      await cluster.kill(0, "SIGTERM");
      await cluster.restart(0);
      const pollPid = cluster.pids()[0]!;
      await fetch(`${base}/api/v1/payments/wechat/payment/${pending[0]}`);
      await sleep(3000);
      const idleRssMb = procStats(pollPid).rssMb;
      const poll = { ...(await pollPages(base, pollPid, pending, pages)), pages, idleRssMb };
      polls.push(poll);
      console.log(
        `polling fallback, ${pages} pages every ${POLL_MS} ms (offered ${(pages / (POLL_MS / 1000)).toFixed(0)} reads/s): served ${poll.served.toFixed(0)} reads/s, p95 ${poll.latencies.length ? pct(poll.latencies, 0.95).toFixed(0) : "-"} ms, ${poll.failed} failed${poll.failed ? ` (${poll.why})` : ""}; CPU ${(poll.cpu * 100).toFixed(1)}% of a core, RSS ${poll.rssMb.toFixed(0)} MB (+${(poll.rssMb - idleRssMb).toFixed(0)} MB over idle)`,
      );
    }

    // The framework's floor in the same run: a bare Next.js app holding the same number of streams.
    const baselines: { id: string; label: string; held: Held }[] = [];
    // Each on a fresh process of the bare app, so neither starts from the other's high-water mark.
    if (BASELINE) {
      for (const [id, path, label] of [
        ["bare-route", "/sse", "bare Next.js App Router route handler (web ReadableStream)"],
        ["bare-pages-api", "/api/sse", "bare Next.js Pages API route (Node response)"],
      ] as const) {
        const bare = await startBareSseApp(process.cwd());
        try {
          const held = await holdStreams(bare.pid, STREAMS, () => `${bare.url}${path}`);
          baselines.push({ id, label, held });
          console.log(
            `baseline, ${label}: holding ${STREAMS}: CPU ${(held.cpu * 100).toFixed(1)}% of a core, RSS ${held.heldRssMb.toFixed(0)} MB (+${(held.heldRssMb - held.idleRssMb).toFixed(0)} MB over idle)`,
          );
        } finally {
          await bare.stop();
        }
      }
    }

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
        ...baselines.flatMap(({ id, label, held: b }): Metric[] => [
          {
            id: `${id}-rss-over-idle`,
            label: `baseline: ${label}, RSS over idle holding ${STREAMS}`,
            value: Math.round(b.heldRssMb - b.idleRssMb),
            unit: "MB",
            better: "lower",
          },
          {
            id: `${id}-cpu`,
            label: `baseline: ${label}, CPU holding ${STREAMS}`,
            value: Number((b.cpu * 100).toFixed(1)),
            unit: "% of a core",
            better: "lower",
          },
        ]),
        ...polls.flatMap((poll): Metric[] => [
          {
            id: `poll-${poll.pages}-served`,
            label: `polling fallback, ${poll.pages} pages every ${POLL_MS} ms: status reads/s served (offered ${(poll.pages / (POLL_MS / 1000)).toFixed(0)})`,
            value: Math.round(poll.served),
            unit: "reads/s",
            better: "higher",
          },
          ...latency(
            `poll-${poll.pages}-p95`,
            `polling fallback, ${poll.pages} pages: status read p95`,
            poll.latencies,
            0.95,
          ),
          {
            id: `poll-${poll.pages}-failed`,
            label: `polling fallback, ${poll.pages} pages: reads refused or failed`,
            value: poll.failed,
            unit: "",
            better: "lower",
          },
          {
            id: `poll-${poll.pages}-cpu`,
            label: `polling fallback, ${poll.pages} pages: CPU (${HOLD_S} s)`,
            value: Number((poll.cpu * 100).toFixed(1)),
            unit: "% of a core",
            better: "lower",
          },
          {
            id: `poll-${poll.pages}-rss-over-idle`,
            label: `polling fallback, ${poll.pages} pages: RSS over idle`,
            value: Math.round(poll.rssMb - poll.idleRssMb),
            unit: "MB",
            better: "lower",
          },
        ]),
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
      notes: `${STREAMS} streams opened by a load script (100 at a time) against 1 × ${cluster.mode === "next" ? "next start" : "node instance"} on PostgreSQL; CPU and RSS of that instance's process from /proc over ${HOLD_S} s of holding; ${after2xx.length} of ${Math.min(PROBES, STREAMS)} probes timed, one at a time, from the notification's 204 to the PAID event on its open stream. Polling fallback: ${POLL_PAGES.join(" and ")} pages, each reading the status route ${POLL_MS} ms after its previous read began (at once when that read was slower), on a restarted instance, over ${HOLD_S} s (failed reads are counted by status and error code). Baselines: a bare Next.js app (same next/react, no proxy, no database) holding ${STREAMS} streams, in the same run. Load script, PostgreSQL and the app share the machine's ${os.cpus().length} cores (load ${os.loadavg()[0]!.toFixed(1)} at the end).`,
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
