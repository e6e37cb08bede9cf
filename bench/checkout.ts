// npm run bench:checkout — the Native QR page as shoppers get it: the built app (`next start`,
// demo mode, embedded PGlite, the simulator) on its own ports and data dir.
//  1. TTFB of /orders/[orderNo] (the prepay is reused, as on every reload and for every poll
//     of a shopper who keeps the page open), p50/p95 over sequential keep-alive requests;
//  2. first-load JS of that route in gzip KB from .next/diagnostics/route-bundle-stats.json,
//     against a bare Next.js page (one server component, no client code) built the same way
//     from the same node_modules (in a temp dir);
//  3. notification 2xx → page shows paid: Chromium holds the page open, the simulator's pay
//     control pays, the simulator's delivery log says when our webhook answered 2xx, and the
//     page records when its "paid" state appeared.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import http from "node:http";
import path from "node:path";
import { demoModeEnv } from "./lib/demo-mode-env";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { waitForHttp } from "../scripts/lib/wait-for";
import { helpRequested, reportResult, type Metric } from "./lib/report";

helpRequested(`
npm run bench:checkout — QR page TTFB, first-load JS against a bare Next.js page, and
notification-2xx → paid-on-screen latency.

Needs a production build (npm run build; the bare comparison app is built once into a temp
dir). env: BENCH_TTFB_REQUESTS (default 300), BENCH_PAID_ROUNDS (default 20),
BENCH_PORT (default 3240; the simulator gets the next port). About 1–2 minutes (+1 min for the
first bare build).
Targets (issue 5): TTFB p50 ≤ 60 ms; first-load JS ≤ bare + 15 KB gzip; paid-on-screen p95 ≤ 1 s.
`);

const ROOT = process.cwd();
const PORT = Number(process.env.BENCH_PORT ?? 3240);
const SIM_PORT = PORT + 1;
const BASE = `http://localhost:${PORT}`;
const SIM = `http://127.0.0.1:${SIM_PORT}`;
const TTFB_REQUESTS = Number(process.env.BENCH_TTFB_REQUESTS ?? 300);
const PAID_ROUNDS = Number(process.env.BENCH_PAID_ROUNDS ?? 20);
const DESKTOP_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const sortNum = (v: number[]) => [...v].sort((a, b) => a - b);

function startApp(): ChildProcess {
  const dataDir = path.join(ROOT, `.data/bench-checkout-${PORT}`);
  rmSync(dataDir, { recursive: true, force: true });
  const env = demoModeEnv({
    port: PORT,
    baseUrl: BASE,
    simulatorUrl: SIM,
    dataDir,
    // The background worker would add its own queries to the page's timings.
    extra: { SKIP_BUILD: "1", WORKER_DISABLED: "1" },
  });
  return spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
    detached: true,
  });
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function createOrder(sku: string): Promise<string> {
  const { products } = await json<{ products: { id: string; sku: string }[] }>(`${BASE}/api/v1/products`);
  const id = products.find((p) => p.sku === sku)!.id;
  const order = await json<{ orderNo: string }>(`${BASE}/api/v1/orders`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ items: [{ productId: id, quantity: 1 }] }),
  });
  return order.orderNo;
}

/** Time to the first body byte, over one keep-alive connection (the server's cost, not TCP's). */
function ttfb(agent: http.Agent, pathname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.get(
      {
        host: "localhost",
        port: PORT,
        path: pathname,
        agent,
        headers: { "User-Agent": DESKTOP_UA, "Accept-Language": "zh-CN" },
      },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`GET ${pathname}: ${res.statusCode}`));
        res.once("data", () => resolve(Number(process.hrtime.bigint() - t0) / 1e6));
        res.resume();
      },
    );
    req.on("error", reject);
  });
}

async function measureTtfb(): Promise<number[]> {
  const orderNo = await createOrder("TEA-PUER-357");
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 30; i++) await ttfb(agent, `/orders/${orderNo}`); // warm-up (JIT, first prepay)
  const samples: number[] = [];
  for (let i = 0; i < TTFB_REQUESTS; i++) samples.push(await ttfb(agent, `/orders/${orderNo}`));
  agent.destroy();
  return samples;
}

type RouteStats = { route: string; firstLoadChunkPaths: string[] }[];

function firstLoadGzipKb(appDir: string, route: string): number {
  const stats = JSON.parse(
    readFileSync(path.join(appDir, ".next/diagnostics/route-bundle-stats.json"), "utf8"),
  ) as RouteStats;
  const entry = stats.find((s) => s.route === route);
  if (!entry) throw new Error(`${route} is not in ${appDir}/.next/diagnostics/route-bundle-stats.json`);
  const bytes = entry.firstLoadChunkPaths.reduce(
    (sum, p) => sum + gzipSync(readFileSync(path.join(appDir, p))).length,
    0,
  );
  return bytes / 1024;
}

/**
 * A bare Next.js app (root layout + one static server page) built with the same next/react:
 * a temp dir whose node_modules links to this repo's. Turbopack's root is "/" so the linked
 * packages count as inside the workspace.
 */
function buildBareApp(): string {
  const version = JSON.parse(readFileSync(path.join(ROOT, "node_modules/next/package.json"), "utf8")).version as string;
  const dir = path.join(tmpdir(), `bench-bare-next-${version}`);
  if (existsSync(path.join(dir, ".next/diagnostics/route-bundle-stats.json"))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "app"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench-bare", private: true }));
  writeFileSync(
    path.join(dir, "next.config.js"),
    `module.exports = { turbopack: { root: "/" }, outputFileTracingRoot: "/" };\n`,
  );
  writeFileSync(
    path.join(dir, "app/layout.tsx"),
    `export default function L({ children }: { children: React.ReactNode }) { return <html lang="zh-CN"><body>{children}</body></html>; }\n`,
  );
  writeFileSync(path.join(dir, "app/page.tsx"), `export default function P() { return <main>bare</main>; }\n`);
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  console.log(`building the bare comparison app in ${dir} (once)…`);
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error("bare app build failed");
  return dir;
}

type Delivery = { out_trade_no: string; attempts: { at: string; durationMs: number; status?: number }[] };

async function measurePaid(): Promise<{ fromNotify: number[]; fromPay: number[]; missing2xx: number }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--no-first-run",
    ],
  });
  const page = await browser.newPage({ userAgent: DESKTOP_UA, locale: "zh-CN" });
  const fromNotify: number[] = [];
  const fromPay: number[] = [];
  let missing2xx = 0;
  try {
    for (let i = 0; i < PAID_ROUNDS; i++) {
      const orderNo = await createOrder("TEST-1FEN");
      await page.goto(`${BASE}/orders/${orderNo}`);
      const outTradeNo = await page.locator("[data-out-trade-no]").getAttribute("data-out-trade-no");
      // Stamp the moment "paid" is on screen (the watcher's paid state or the success page).
      // A string, not a function: tsx's name helpers do not exist in the page.
      await page.evaluate(`
        new MutationObserver(() => {
          if (!window.__paidAt && document.querySelector('[data-testid="paid"],[data-testid="success"]')) window.__paidAt = Date.now();
        }).observe(document.body, { subtree: true, childList: true });
      `);
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 700)); // pay at a random phase of the poll
      const paidCalled = Date.now();
      await json(`${SIM}/_sim/orders/${outTradeNo}/pay`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      });
      // A function (CDP calls it): a string predicate is eval()ed in the page, which its CSP refuses.
      // An unnamed arrow, so no tsx name helper is needed in the page.
      await page.waitForFunction(() => (window as unknown as { __paidAt?: number }).__paidAt, undefined, {
        timeout: 15_000,
      });
      const paidAt = (await page.evaluate("window.__paidAt")) as number;
      const delivery = (await json<Delivery[]>(`${SIM}/_sim/deliveries`)).find((d) => d.out_trade_no === outTradeNo);
      const ok = delivery?.attempts.find((a) => a.status !== undefined && a.status >= 200 && a.status < 300);
      fromPay.push(paidAt - paidCalled);
      if (ok) fromNotify.push(paidAt - (Date.parse(ok.at) + ok.durationMs));
      else missing2xx += 1;
    }
  } finally {
    await browser.close();
  }
  return { fromNotify, fromPay, missing2xx };
}

async function main() {
  if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error("no production build: run npm run build first");
  const pageKb = firstLoadGzipKb(ROOT, "/orders/[orderNo]");
  const bareKb = firstLoadGzipKb(buildBareApp(), "/");
  const app = startApp();
  const stop = () => {
    if (app.pid && app.exitCode === null) process.kill(-app.pid, "SIGTERM");
  };
  process.on("exit", stop);
  try {
    await waitForHttp(`${BASE}/api/health`, 120_000, () => app.exitCode === null);
    const t = sortNum(await measureTtfb());
    const paid = await measurePaid();
    const n = sortNum(paid.fromNotify);
    const p = sortNum(paid.fromPay);
    const metrics: Metric[] = [
      { id: "ttfb-p50", label: "QR page TTFB p50", value: pct(t, 50), unit: "ms", better: "lower", target: 60 },
      { id: "ttfb-p95", label: "QR page TTFB p95", value: pct(t, 95), unit: "ms", better: "lower" },
      {
        id: "first-load-js",
        label: "QR page first-load JS (gzip)",
        value: pageKb,
        unit: "KB",
        better: "lower",
        target: bareKb + 15,
      },
      {
        id: "bare-first-load-js",
        label: "bare Next.js page first-load JS (gzip)",
        value: bareKb,
        unit: "KB",
        better: "lower",
      },
      {
        id: "js-over-bare",
        label: "QR page JS above bare",
        value: pageKb - bareKb,
        unit: "KB",
        better: "lower",
        target: 15,
      },
    ];
    if (n.length) {
      metrics.push({
        id: "paid-p50",
        label: "notification 2xx → paid on screen p50",
        value: pct(n, 50),
        unit: "ms",
        better: "lower",
      });
      metrics.push({
        id: "paid-p95",
        label: "notification 2xx → paid on screen p95",
        value: pct(n, 95),
        unit: "ms",
        better: "lower",
        target: 1000,
      });
    }
    metrics.push({
      id: "pay-paid-p95",
      label: "pay click → paid on screen p95",
      value: pct(p, 95),
      unit: "ms",
      better: "lower",
    });
    console.log(
      `\nQR page /orders/[orderNo] — ${t.length} requests, ${paid.fromPay.length} paid rounds (${paid.missing2xx} without a 2xx notification)`,
    );
    for (const m of metrics)
      console.log(
        `  ${m.label.padEnd(44)} ${m.value.toFixed(1).padStart(8)} ${m.unit}${m.target === undefined ? "" : `   (target ≤ ${m.target.toFixed(1)}: ${m.value <= m.target ? "met" : "NOT met"})`}`,
      );
    reportResult({
      bench: "checkout",
      metrics,
      notes:
        "Built app on embedded PGlite (demo mode), worker off. TTFB: sequential keep-alive GETs of a QR page whose prepay is reused. " +
        "First-load JS: gzip of the route's firstLoadChunkPaths; the bare app is a root layout plus one server page built with the same next/react. " +
        "Paid: Chromium keeps the page open; the simulator's delivery log gives the 2xx time; the page polls every 500 ms.",
      extra: { ttfbSamples: t.length, paidRounds: paid.fromPay.length, missing2xx: paid.missing2xx },
    });
  } finally {
    stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
