// npm run bench:sessions — Checkout Session creation against the built app (`next start`) on
// the real PostgreSQL: API key authentication (hash lookup), pricing (a catalog line and a
// merchant-priced line), and the insert of order + items + session + timeline, over keep-alive
// connections. The baseline in the same run, at the same concurrency and on the same database:
// a bare Next.js route (same next/react) that reads the body and does one prepared INSERT
// (bench/lib/bare-insert-app.ts). Every 201 must have stored exactly one session.
import os from "node:os";
import autocannon from "autocannon";
import pg from "pg";
import { describeSecret, generateApiKeySecret, hashApiKeySecret } from "../lib/api-keys/api-key-secret";
import {
  BASE_DATABASE_URL,
  postgresReachable,
  startNotifyCluster,
  type NotifyCluster,
} from "../scripts/notify-cluster";
import { startBareInsertApp } from "./lib/bare-insert-app";
import { cpuBetween, snapshotCpu } from "./lib/process-cpu";
import { helpRequested, reportResult } from "./lib/report";
import { cpuProfileArgs } from "./lib/cpu-profile-args";

helpRequested(`
npm run bench:sessions [-- --cpu-prof DIR] — POST /api/v1/checkout/sessions per second and p99
(built app, PostgreSQL), CPU per request of the app and its PostgreSQL backends, against a bare
Next.js route (one INSERT) in the same run. --cpu-prof runs both servers under node --cpu-prof
(npx tsx bench/lib/cpu-profile-stages.ts DIR/*.cpuprofile sorts the samples into stages).

env: BENCH_SESSIONS (requests measured, default 4000), BENCH_CONCURRENCY (16),
     BENCH_IDEMPOTENCY=1 (a fresh Idempotency-Key on every request; off by default).
Needs a production build (npm run build) and PostgreSQL at 127.0.0.1:5432 (TEST_DATABASE_URL).
Target (issue 11): ≥ 500 sessions/s with p99 ≤ 50 ms on 2 cores; every 201 stored once.
`);

const COUNT = Number(process.env.BENCH_SESSIONS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const WARMUP = 300;
// BENCH_IDEMPOTENCY=1: every request carries a fresh Idempotency-Key, as a careful merchant sends.
const IDEMPOTENCY = process.env.BENCH_IDEMPOTENCY === "1";

/** CPU ms per request of a server and of the PostgreSQL backends serving it (bench/lib/process-cpu.ts). */
interface Cpu {
  server: number;
  database: number;
}

async function metered<T extends { sent: number }>(
  pool: pg.Pool,
  pids: number[],
  run: () => Promise<T>,
): Promise<T & { cpu: Cpu }> {
  const before = await snapshotCpu(pool, pids);
  const r = await run();
  const used = cpuBetween(before, await snapshotCpu(pool, pids));
  return { ...r, cpu: { server: (used.server * 1000) / r.sent, database: (used.database * 1000) / r.sent } };
}

interface Run {
  sent: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  statuses: Map<number, number>;
}

async function load(url: string, amount: number, request: autocannon.Request): Promise<Run> {
  const started = performance.now();
  let lastAnswer = started;
  const result = await autocannon({
    url,
    connections: CONCURRENCY,
    amount,
    timeout: 30,
    requests: [{ ...request, onResponse: () => void (lastAnswer = performance.now()) }],
  });
  const statuses = new Map<number, number>();
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
    statuses.set(Number(code), (stat as { count: number }).count);
  if (result.errors || result.timeouts) statuses.set(-1, result.errors + result.timeouts);
  // Timed to the last answer, not autocannon's 1 s sampling tick.
  const seconds = (lastAnswer - started) / 1000;
  return {
    sent: result.requests.total,
    seconds,
    rate: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
  };
}

async function setUp(cluster: NotifyCluster) {
  const secret = generateApiKeySecret("test");
  const { prefix, lastFour } = describeSecret(secret);
  await cluster.db.apiKey.create({
    data: {
      name: "bench",
      livemode: false,
      prefix,
      lastFour,
      secretHash: hashApiKeySecret(secret),
      scopes: ["checkout:write"],
      createdBy: "bench",
    },
  });
  const product = await cluster.db.product.create({
    data: { sku: `BENCH-${Date.now()}`, name: "压测商品", nameEn: "Bench item", priceFen: 1280 },
  });
  const body = JSON.stringify({
    lineItems: [
      { productId: product.id, quantity: 2 },
      { name: "运费 Shipping", unitAmountFen: 800, quantity: 1 },
    ],
    successUrl: "http://127.0.0.1:9/thanks?session={CHECKOUT_SESSION_ID}",
    cancelUrl: "http://127.0.0.1:9/cart",
    clientReferenceId: "bench",
    metadata: { cart: "bench" },
  });
  return { secret, body };
}

async function main() {
  if (!(await postgresReachable()))
    throw new Error("PostgreSQL is not reachable at 127.0.0.1:5432 (TEST_DATABASE_URL)");
  const profArgs = cpuProfileArgs();
  const statPool = new pg.Pool({ connectionString: BASE_DATABASE_URL, max: 1 });
  // Limits far above the load, so the figure is the route's cost and not the limiter's refusals.
  const cluster = await startNotifyCluster({
    instances: 1,
    mode: "next",
    nodeArgs: profArgs,
    env: { API_KEY_RATE_LIMIT_PER_MINUTE: "1000000" },
  });
  try {
    const { secret, body } = await setUp(cluster);
    const headers = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
    let sent = 0;
    const create: autocannon.Request = {
      method: "POST",
      path: "/api/v1/checkout/sessions",
      headers,
      body,
      ...(IDEMPOTENCY && {
        setupRequest: (req: autocannon.Request) => ({
          ...req,
          headers: { ...headers, "idempotency-key": `bench-${process.pid}-${(sent += 1)}` },
        }),
      }),
    };
    const url = cluster.urls[0]!;
    console.log(
      `app: next start (built app) × 1 · PostgreSQL · concurrency ${CONCURRENCY}${IDEMPOTENCY ? " · a fresh Idempotency-Key per request" : ""}`,
    );
    await load(url, WARMUP, create);
    const before = await cluster.db.checkoutSession.count();
    const r = await metered(statPool, cluster.pids(), () => load(url, COUNT, create));
    const stored = (await cluster.db.checkoutSession.count()) - before;
    // The bare app runs after the app's load, alone on the machine as the app was.
    const bare = await startBareInsertApp(process.cwd(), cluster.databaseUrl, profArgs);
    const insert: autocannon.Request = {
      method: "POST",
      path: "/insert",
      headers: { "content-type": "application/json" },
      body: create.body,
    };
    let base: Run & { cpu: Cpu };
    let pagesBase: Run & { cpu: Cpu };
    try {
      await load(bare.url, WARMUP, insert);
      base = await metered(statPool, [bare.pid], () => load(bare.url, COUNT, insert));
      // The same INSERT as a Pages API route: the floor for the kind of route session creation is.
      const pagesInsert = { ...insert, path: "/api/insert" };
      await load(bare.url, WARMUP, pagesInsert);
      pagesBase = await metered(statPool, [bare.pid], () => load(bare.url, COUNT, pagesInsert));
    } finally {
      await bare.stop();
    }
    const created = r.statuses.get(201) ?? 0;

    console.log("");
    console.log(`sessions          ${r.sent} requests in ${r.seconds.toFixed(2)} s`);
    console.log(`sessions/s        ${r.rate.toFixed(0)}   (target ≥ 500)`);
    console.log(`latency p50       ${r.p50.toFixed(1)} ms`);
    console.log(`latency p99       ${r.p99.toFixed(1)} ms   (target ≤ 50)`);
    console.log(`HTTP statuses     ${[...r.statuses].map(([s, n]) => `${s}×${n}`).join(" ")}`);
    console.log(`stored            ${stored} sessions for ${created} answers 201`);
    console.log(
      `baseline          bare Next.js route, one INSERT: ${base.rate.toFixed(0)}/s, p99 ${base.p99.toFixed(1)} ms (sessions at ${((r.rate / base.rate) * 100).toFixed(0)}% of it)`,
    );
    console.log(
      `baseline          bare Pages API route, one INSERT: ${pagesBase.rate.toFixed(0)}/s, p99 ${pagesBase.p99.toFixed(1)} ms (sessions at ${((r.rate / pagesBase.rate) * 100).toFixed(0)}% of it)`,
    );
    console.log(
      `CPU/request       app ${r.cpu.server.toFixed(2)} ms + PostgreSQL ${r.cpu.database.toFixed(2)} ms · bare ${base.cpu.server.toFixed(2)} ms + PostgreSQL ${base.cpu.database.toFixed(2)} ms · bare Pages ${pagesBase.cpu.server.toFixed(2)} ms + PostgreSQL ${pagesBase.cpu.database.toFixed(2)} ms (steadier than rates on a shared machine)`,
    );
    console.log(
      `load average      ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} (${os.cpus().length} cores; the load generator shares them)`,
    );

    reportResult({
      bench: "sessions",
      metrics: [
        { id: "rate", label: "sessions/s", value: Math.round(r.rate), unit: "/s", better: "higher", target: 500 },
        { id: "p50", label: "latency p50", value: Number(r.p50.toFixed(1)), unit: "ms", better: "lower" },
        { id: "p99", label: "latency p99", value: Number(r.p99.toFixed(1)), unit: "ms", better: "lower", target: 50 },
        {
          id: "unstored",
          label: "201 answers without exactly one stored session",
          value: Math.abs(created - stored) + (r.sent - created),
          unit: "",
          better: "lower",
          target: 0,
          kind: "consistency",
        },
        {
          id: "baseline",
          label: "baseline: bare Next.js route, one INSERT",
          value: Math.round(base.rate),
          unit: "/s",
          better: "higher",
        },
        { id: "baseline_p99", label: "baseline p99", value: Number(base.p99.toFixed(1)), unit: "ms", better: "lower" },
        {
          id: "cpu_app",
          label: "app CPU per session",
          value: Number(r.cpu.server.toFixed(2)),
          unit: "ms",
          better: "lower",
        },
        {
          id: "cpu_app_db",
          label: "PostgreSQL CPU per session",
          value: Number(r.cpu.database.toFixed(2)),
          unit: "ms",
          better: "lower",
        },
        {
          id: "cpu_bare",
          label: "bare route CPU per request",
          value: Number(base.cpu.server.toFixed(2)),
          unit: "ms",
          better: "lower",
        },
        {
          id: "cpu_bare_db",
          label: "PostgreSQL CPU per bare request",
          value: Number(base.cpu.database.toFixed(2)),
          unit: "ms",
          better: "lower",
        },
        {
          id: "baseline_pages",
          label: "baseline: bare Pages API route, one INSERT",
          value: Math.round(pagesBase.rate),
          unit: "/s",
          better: "higher",
        },
        {
          id: "baseline_pages_p99",
          label: "bare Pages API route p99",
          value: Number(pagesBase.p99.toFixed(1)),
          unit: "ms",
          better: "lower",
        },
        {
          id: "cpu_bare_pages",
          label: "bare Pages API route CPU per request",
          value: Number(pagesBase.cpu.server.toFixed(2)),
          unit: "ms",
          better: "lower",
        },
      ],
      notes: `${r.sent} POST /api/v1/checkout/sessions (one catalog line, one merchant-priced line, metadata) with one API key; concurrency ${CONCURRENCY}; 1 × next start on PostgreSQL; load generator on the same machine. Baselines: a bare Next.js app (same next/react) whose route reads the body and does one prepared INSERT through a pg pool, as an App Router route handler and as a Pages API route (the kind session creation is, pages/api/v1/checkout/sessions.ts), same concurrency and database, measured right after.`,
    });
    if (created !== r.sent || stored !== created) process.exitCode = 1;
  } finally {
    await cluster.stop();
    await statPool.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
