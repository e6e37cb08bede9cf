// HEAVY (≈5–10 s): the deployable build. `npm run build` leaves a standalone server; a copy of
// that folder alone (outside the project, so nothing resolves from the project's node_modules)
// is started with plain `node server.js` and only the env docs/deploy.md lists, on PostgreSQL
// migrated as a release step, against the simulator. A shopper buys through it end to end; then
// SIGTERM stops it cleanly. Skips without PostgreSQL or without a standalone build (fails under
// CI=true, where `npm test` builds first).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { createPrisma } from "@/lib/db/create-prisma";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { openSqlConnection } from "@/lib/db/open-database";
import { seed } from "@/lib/seed/seed";
import { freePort } from "@/scripts/notify-cluster";
import { startSimulator, type RunningSimulator } from "@/simulator/server";
import { createTestSchema, postgresAvailable } from "@/tests/helpers/postgres";
import { threadNices } from "@/tests/helpers/thread-nices";

const STANDALONE = path.resolve(".next/standalone");
const built = existsSync(path.join(STANDALONE, "server.js")) && existsSync(path.join(STANDALONE, ".next/static"));
if (!built && process.env.CI === "true") throw new Error("no standalone build: run `npm run build` first");

let dir = "";
let sim: RunningSimulator | null = null;
let server: ChildProcess | null = null;
let base = "";
let dropSchema: (() => Promise<void>) | null = null;
const output: string[] = [];

beforeAll(async () => {
  if (!built || !(await postgresAvailable())) return;
  dir = mkdtempSync(path.join(os.tmpdir(), "standalone-"));
  const app = path.join(dir, "app");
  // Hard links where the file system allows (a 78 MB copy costs seconds on a busy machine).
  try {
    execFileSync("cp", ["-al", STANDALONE, app]);
  } catch {
    cpSync(STANDALONE, app, { recursive: true, verbatimSymlinks: true });
  }

  // The release step: migrations (npm run db:migrate does the same), and the catalog.
  const schema = await createTestSchema("standalone");
  dropSchema = schema.drop;
  const conn = await openSqlConnection({ kind: "postgres", url: schema.url });
  await migrate(conn, readMigrations());
  await conn.close();
  const config = loadConfig({ DATABASE_URL: schema.url });
  const db = await createPrisma(config.database);
  await seed(db, config);
  await db.$disconnect();

  sim = await startSimulator({ port: 0, dataDir: path.join(dir, "sim"), timeScale: 0.001, notifyTimeoutMs: 5000 });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // docs/deploy.md's environment (demo merchant at the simulator instead of WECHAT_*), nothing inherited.
  server = spawn(process.execPath, ["server.js"], {
    cwd: app,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: schema.url,
      NEXTAUTH_SECRET: "standalone-test-secret-standalone-test-secret",
      NEXTAUTH_URL: base,
      DEMO_MODE: "1",
      SIMULATOR_URL: sim.url,
      SIMULATOR_DATA_DIR: path.join(dir, "sim"),
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      SHUTDOWN_DRAIN_MS: "200",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (b: Buffer) => output.push(b.toString()));
  server.stderr!.on("data", (b: Buffer) => output.push(b.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`standalone server exited: ${output.join("")}`);
    const ok = await fetch(`${base}/api/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`standalone server not ready: ${output.join("")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 90_000);

afterAll(async () => {
  if (server && server.exitCode === null) server.kill("SIGKILL");
  await sim?.close();
  await dropSchema?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

const json = (body: unknown) => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

describe.skipIf(!built)("the standalone server", () => {
  it("serves the catalog with its assets, takes a payment end to end, and stops cleanly", async (ctx) => {
    if (!server) return ctx.skip();
    // The catalog page, a client asset it references, and public/.
    const home = await fetch(`${base}/`, { headers: { "Accept-Language": "zh-CN" } });
    expect(home.status).toBe(200);
    const html = await home.text();
    const { products } = (await (await fetch(`${base}/api/v1/products`)).json()) as {
      products: { id: string; name: string; priceFen: number }[];
    };
    expect(products.length).toBeGreaterThan(0);
    expect(html).toContain(products[0]!.name);
    const asset = html.match(/\/_next\/static\/[^"']+\.js/)?.[0];
    expect(asset).toBeDefined();
    expect((await fetch(`${base}${asset}`)).status).toBe(200);
    expect((await fetch(`${base}/favicon.svg`)).status).toBe(200);
    // Readiness compared the database with the migrations shipped in the folder.
    const ready = (await (await fetch(`${base}/api/health/ready`)).json()) as { checks: { migrations: unknown } };
    expect(ready.checks.migrations).toEqual({ ok: true });

    // A shopper: order, Native QR, pays at the simulator; the notification lands here.
    const product = products[0]!;
    const order = await fetch(`${base}/api/v1/orders`, json({ items: [{ productId: product.id, quantity: 2 }] }));
    expect(order.status).toBe(201);
    const { orderNo, totalFen } = (await order.json()) as { orderNo: string; totalFen: number };
    expect(totalFen).toBe(2 * product.priceFen);
    const placed = await fetch(`${base}/api/v1/payments/wechat/native`, json({ orderNo }));
    expect(placed.status).toBe(200);
    const { outTradeNo, codeUrl } = (await placed.json()) as { outTradeNo: string; codeUrl: string };
    expect(codeUrl).toMatch(/^weixin:\/\//);
    expect((await fetch(`${sim!.url}/_sim/orders/${outTradeNo}/pay`, json({}))).status).toBe(200);
    let status = "";
    for (const until = Date.now() + 10_000; Date.now() < until && status !== "PAID";) {
      const r = await fetch(`${base}/api/v1/payments/wechat/payment/${outTradeNo}`);
      status = ((await r.json()) as { orderStatus: string }).orderStatus;
      if (status !== "PAID") await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe("PAID");
    const delivered = sim!.context.notifier.all().filter((n) => n.out_trade_no === outTradeNo);
    expect(delivered.flatMap((n) => n.attempts).some((a) => a.status === 204 || a.status === 200)).toBe(true);

    // Its webhook delivery thread came with it (the bundle copied into the folder): one thread of
    // the process runs at the delivery priority, and no warning says it fell back.
    if (process.platform === "linux") {
      const nices = () => threadNices(server!.pid!).map((t) => t.nice);
      for (let t = 0; t < 50 && !nices().includes(10); t++) await new Promise((r) => setTimeout(r, 100));
      expect(
        nices().filter((n) => n === 10),
        output.join(""),
      ).toHaveLength(1);
    }
    expect(output.join("")).not.toContain("delivery thread");

    // The standalone server runs the same instrumentation: a graceful stop, exit 0.
    const exited = new Promise<number | null>((r) => server!.once("exit", (code) => r(code)));
    server.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 40_000);
});
