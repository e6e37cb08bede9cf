// npm run bench:embedded — the memory of `npm start` in embedded mode (PGlite, demo mode, the
// simulator), started as a user starts it: `npm start` on a fresh data dir, no DATABASE_URL, no
// WECHAT_*. The figure is the sum of the RSS of every process under that `npm start` (npm itself,
// the shell it runs, the supervisor, the simulator, the Next.js server and anything they fork):
//  1. idle: after the app answers readiness and has settled, the highest total over a window;
//  2. under load: the highest total while shoppers check out concurrently, as bench:checkout's
//     shoppers do (create an order, open its Native QR page, which places the prepay at the
//     simulator, read its status a few times, pay at the simulator, read it until paid).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { demoModeEnv } from "./lib/demo-mode-env";
import { waitForHttp } from "../scripts/lib/wait-for";
import { helpRequested, reportResult, type Metric } from "./lib/report";
import { processTree, treeRssMiB } from "./lib/rss-sampler";

helpRequested(`
npm run bench:embedded — total RSS of \`npm start\` in embedded mode, idle and under checkout load.

Starts \`npm start\` (which builds the app first if its sources changed) on a fresh PGlite data dir
and simulator dir in a temp folder. env: BENCH_PORT (default 3250; the simulator gets the next),
BENCH_LOAD_SECONDS (default 30), BENCH_CONCURRENCY (shoppers at once, default 8),
BENCH_SETTLE_SECONDS (after ready, before the idle window, default 10). About 1–2 minutes.
Targets (issue 15): ≤ 450 MB idle, ≤ 600 MB under the checkout load.
`);

const PORT = Number(process.env.BENCH_PORT ?? 3250);
const SIM_PORT = PORT + 1;
const BASE = `http://localhost:${PORT}`;
const SIM = `http://127.0.0.1:${SIM_PORT}`;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 10);
const IDLE_WINDOW_MS = 5_000;
const DESKTOP_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startNpm(dataDir: string): ChildProcess {
  // A user's environment: no database URL and no credentials (demo mode, embedded PGlite).
  const env = demoModeEnv({
    port: PORT,
    baseUrl: BASE,
    simulatorUrl: SIM,
    dataDir,
    drop: ["NODE_ENV", "BENCH_JSON"],
    extra: { TRUST_PROXY_HOPS: "1" },
  });
  // Its own process group, so the whole tree can be stopped at the end, as Ctrl-C would.
  return spawn("npm", ["start"], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
    detached: true,
  });
}

/** The processes under `npm start`, labelled by what they run, with their RSS. */
function breakdown(root: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of processTree([root])) {
    const label = /next-server|next\/dist\/bin\/next/.test(p.args)
      ? "next server"
      : /simulator/.test(p.args)
        ? "simulator"
        : /scripts\/start|start\.cjs/.test(p.args)
          ? "supervisor"
          : /^npm|npm-cli/.test(p.args)
            ? "npm"
            : p.args.split(" ")[0]!;
    out[label] = Math.round((out[label] ?? 0) + p.rssMiB);
  }
  return out;
}

/** Highest total over `ms`, sampled every 100 ms. */
async function peakOver(root: number, ms: number): Promise<number> {
  let peak = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    peak = Math.max(peak, treeRssMiB([root]));
    await sleep(100);
  }
  return peak;
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type Status = { status: string; orderStatus: string };

// Each checkout comes from its own client address, as shoppers behind a proxy do (the app trusts one
// hop, TRUST_PROXY_HOPS=1): per-client rate limits then apply per shopper, not to the whole load.
let shoppers = 0;
function shopperAddress(): string {
  const n = ++shoppers;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** One shopper's checkout, start to paid. */
async function checkout(productId: string): Promise<void> {
  const from = { "X-Forwarded-For": shopperAddress() };
  const { orderNo } = await json<{ orderNo: string }>(`${BASE}/api/v1/orders`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...from },
    body: JSON.stringify({ items: [{ productId, quantity: 1 }] }),
  });
  const page = await fetch(`${BASE}/orders/${orderNo}`, { headers: { "User-Agent": DESKTOP_UA, ...from } });
  const html = await page.text();
  const outTradeNo = /data-out-trade-no="([^"]+)"/.exec(html)?.[1];
  if (!page.ok || !outTradeNo) throw new Error(`QR page of ${orderNo}: ${page.status}, no out_trade_no`);
  const statusUrl = `${BASE}/api/v1/payments/wechat/payment/${encodeURIComponent(outTradeNo)}`;
  const poll = { headers: from };
  for (let i = 0; i < 3; i++) await json<Status>(statusUrl, poll); // the page's polls before the scan
  await json(`${SIM}/_sim/orders/${outTradeNo}/pay`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "{}",
  });
  const deadline = Date.now() + 15_000;
  while ((await json<Status>(statusUrl, poll)).orderStatus !== "PAID") {
    if (Date.now() > deadline) throw new Error(`${orderNo} not paid within 15 s of the scan`);
    await sleep(250);
  }
}

async function runLoad(
  root: number,
): Promise<{ peak: number; peakBreakdown: Record<string, number>; paid: number; failed: number; errors: string[] }> {
  const { products } = await json<{ products: { id: string; sku: string }[] }>(`${BASE}/api/v1/products`);
  const productId = (products.find((p) => p.sku === "TEST-1FEN") ?? products[0])!.id;
  const end = Date.now() + LOAD_SECONDS * 1000;
  let paid = 0;
  let failed = 0;
  const errors: string[] = [];
  let peak = treeRssMiB([root]);
  let peakBreakdown = breakdown(root);
  // The highest total, and which process held what at that moment.
  const sample = () => {
    const now = treeRssMiB([root]);
    if (now > peak) [peak, peakBreakdown] = [now, breakdown(root)];
  };
  let running = true;
  const sampler = (async () => {
    while (running) {
      sample();
      await sleep(100);
    }
  })();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        try {
          await checkout(productId);
          paid += 1;
        } catch (err) {
          failed += 1;
          if (errors.length < 5) errors.push((err as Error).message);
          await sleep(250); // a failing shopper retries at a person's pace, not in a tight loop
        }
      }
    }),
  );
  running = false;
  await sampler;
  sample();
  return { peak, peakBreakdown, paid, failed, errors };
}

async function stop(npm: ChildProcess): Promise<void> {
  if (!npm.pid || npm.exitCode !== null) return;
  const gone = new Promise<void>((r) => npm.once("exit", () => r()));
  process.kill(-npm.pid, "SIGTERM");
  const killed = await Promise.race([gone.then(() => false), sleep(20_000).then(() => true)]);
  if (killed) process.kill(-npm.pid, "SIGKILL");
  // The group's other members (the app finishing its graceful stop) may outlive npm briefly.
  for (let i = 0; i < 100 && processTree([npm.pid]).length > 0; i++) await sleep(200);
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-embedded-"));
  const npm = startNpm(dataDir);
  const cleanup = () => {
    try {
      if (npm.pid && npm.exitCode === null) process.kill(-npm.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  process.on("exit", cleanup);
  try {
    const t0 = Date.now();
    // Includes a production build when the sources changed since the last one (as for a user).
    await waitForHttp(`${BASE}/api/health/ready`, 600_000, () => npm.exitCode === null);
    const readyS = (Date.now() - t0) / 1000;
    await sleep(SETTLE_SECONDS * 1000);
    const idle = await peakOver(npm.pid!, IDLE_WINDOW_MS);
    const idleBreakdown = breakdown(npm.pid!);
    const load = await runLoad(npm.pid!);
    const loadBreakdown = breakdown(npm.pid!);
    const rate = load.paid / LOAD_SECONDS;

    const metrics: Metric[] = [
      { id: "rss-idle", label: "npm start total RSS, idle", value: idle, unit: "MB", better: "lower", target: 450 },
      {
        id: "rss-load",
        label: "npm start total RSS, peak under checkout load",
        value: load.peak,
        unit: "MB",
        better: "lower",
        target: 600,
      },
      { id: "checkouts", label: "checkouts paid/s during the load", value: rate, unit: "/s", better: "higher" },
      {
        id: "failed",
        label: "failed checkouts during the load",
        value: load.failed,
        unit: "",
        better: "lower",
        target: 0,
      },
    ];
    console.log(`\nnpm start (embedded PGlite, demo mode) ready in ${readyS.toFixed(1)} s`);
    console.log(`  idle:  ${JSON.stringify(idleBreakdown)}`);
    console.log(`  peak:  ${JSON.stringify(load.peakBreakdown)} (at the highest total under load)`);
    console.log(`  load:  ${JSON.stringify(loadBreakdown)} (at the end of the load)`);
    for (const m of metrics)
      console.log(
        `  ${m.label.padEnd(48)} ${m.value.toFixed(1).padStart(8)} ${m.unit}${m.target === undefined ? "" : `   (target ≤ ${m.target}: ${m.value <= m.target ? "met" : "NOT met"})`}`,
      );
    if (load.errors.length) console.log(`  first errors: ${load.errors.join(" | ")}`);
    reportResult({
      bench: "embedded",
      metrics,
      notes:
        `\`npm start\` on a fresh PGlite data dir (demo mode, the simulator, the background worker on), as a user runs it. ` +
        `RSS is the sum over every process under npm (npm, sh, the supervisor with the simulator inside it, the Next.js server), in MiB, sampled every 100 ms: ` +
        `idle = highest over ${IDLE_WINDOW_MS / 1000} s after ready + ${SETTLE_SECONDS} s; load = highest during ${LOAD_SECONDS} s of ` +
        `${CONCURRENCY} concurrent shoppers (order, QR page with its prepay, 3 status reads, pay at the simulator, reads until paid); ` +
        `load generator on the same machine.`,
      extra: {
        readySeconds: readyS,
        idleBreakdown,
        peakBreakdown: load.peakBreakdown,
        loadBreakdown,
        paid: load.paid,
        errors: load.errors,
      },
    });
    if (load.failed > 0) process.exitCode = 1;
  } finally {
    await stop(npm);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
