// Starts the pieces the multi-instance, crash and bench runs need: a fresh PostgreSQL schema
// (migrated), the WeChat Pay simulator in this process, and N app instances sharing that schema,
// each its own OS process with its own pool. Instances are `next start` of the built app when
// the build has the notify route (CLUSTER_MODE=next), else scripts/notify-instance.ts
// (CLUSTER_MODE=node; never silently under CI=true, where no build is an error). The worker is off (WORKER_DISABLED=1) so only notifications and the
// reads under test move state.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { resolveWechatCredentials } from "@/lib/config";
import { createPrisma, type Db } from "@/lib/db/create-prisma";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { openSqlConnection } from "@/lib/db/open-database";
import { createWechatContext, type WechatContext } from "@/lib/payments/wechat-context";
import { startSimulator, type RunningSimulator, type StartOptions } from "@/simulator/server";

export const BASE_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export interface NotifyCluster {
  mode: "next" | "node";
  sim: RunningSimulator;
  databaseUrl: string;
  /** A pool of this process, for setting up rows and checking results. */
  db: Db;
  /** The app's WeChat Pay context (demo merchant), for placing orders at the simulator. */
  wechat: WechatContext;
  urls: string[];
  /** Process ids of the running instances (for memory sampling). */
  pids(): number[];
  notifyUrl(i: number): string;
  /** Resolves with how instance i ended (null: it was not running). */
  kill(i: number, signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null>;
  /** Starts instance i again (after kill), with `env` added to its environment. */
  restart(i: number, env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export async function postgresReachable(url = BASE_DATABASE_URL): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

function buildHasNotifyRoute(): boolean {
  return (
    existsSync(".next/BUILD_ID") &&
    readFileSync(".next/server/app-paths-manifest.json", { encoding: "utf8", flag: "r" }).includes(
      "/api/v1/payments/wechat/notify/route",
    )
  );
}

/**
 * `next` when the production build has the notify route, else the stand-in server, but only
 * outside CI: under CI=true a missing build is an error (a test of `next start` must never pass
 * on the stand-in). CLUSTER_MODE=next|node forces a mode.
 */
export function clusterMode(): "next" | "node" {
  const forced = process.env.CLUSTER_MODE;
  if (forced === "next" || forced === "node") return forced;
  let built = false;
  try {
    built = buildHasNotifyRoute();
  } catch {
    // no readable manifest: not built
  }
  if (built) return "next";
  if (process.env.CI === "true")
    throw new Error(
      "no production build with the notify route (run `next build` first); under CI=true the stand-in " +
        "server (scripts/notify-instance.ts) is never swapped in",
    );
  return "node";
}

/** A port the OS just handed out (test suites run in parallel: no fixed ranges). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`instance for ${url} exited (${child.exitCode ?? child.signalCode})`);
    try {
      // An unsigned POST must be refused by our handler: proves the route (and DB) answer.
      const res = await fetch(`${url}/api/v1/payments/wechat/notify`, {
        method: "POST",
        body: "{}",
        signal: AbortSignal.timeout(3000),
      });
      if (res.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms`);
}

/**
 * Whether a test may start the built app on PostgreSQL here: false (skip) when either is missing
 * on a developer's machine, an error under CI=true, where a test that claims to run the built
 * app must not quietly pass without it.
 */
export async function builtAppAvailable(): Promise<boolean> {
  const ci = process.env.CI === "true";
  if (!(await postgresReachable())) {
    if (ci) throw new Error("PostgreSQL is required under CI");
    return false;
  }
  if (clusterMode() !== "next") {
    if (ci) throw new Error("the built app is required (run next build first)");
    return false;
  }
  return true;
}

export async function startNotifyCluster(opts: {
  instances: number;
  basePort?: number;
  sim?: StartOptions;
  mode?: "next" | "node";
  quiet?: boolean;
  env?: Record<string, string>;
  /** Flags for each instance's node (bench:notify passes --cpu-prof; NODE_OPTIONS refuses it). */
  nodeArgs?: string[];
  /** The server the schema is made on (default BASE_DATABASE_URL): fault tests pass a throwaway cluster. */
  baseDatabaseUrl?: string;
  /** Every stdout line of instance `i` (the app's JSON logs); overrides `quiet` for stdout. */
  onStdout?: (line: string, i: number) => void;
}): Promise<NotifyCluster> {
  const mode = opts.mode ?? clusterMode();
  const schema = `notify_${randomBytes(5).toString("hex")}`;
  const baseUrl = opts.baseDatabaseUrl ?? BASE_DATABASE_URL;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const u = new URL(baseUrl);
  u.searchParams.set("schema", schema);
  const databaseUrl = u.toString();
  const conn = await openSqlConnection({ kind: "postgres", url: databaseUrl });
  await migrate(conn, readMigrations());
  await conn.close();

  const simDataDir = mkdtempSync(path.join(os.tmpdir(), "notify-sim-"));
  const sim = await startSimulator({
    port: 0,
    dataDir: simDataDir,
    timeScale: 0.001,
    refundDelayMs: 50,
    notifyTimeoutMs: 5000,
    ...opts.sim,
  });
  const credentials = resolveWechatCredentials({
    mode: "demo",
    simulatorUrl: sim.url,
    simulatorDataDir: simDataDir,
    notifyUrl: "http://127.0.0.1:9/",
    verifyMode: "public-key",
  });
  const wechat = createWechatContext(credentials, { certificates: false });
  const db = await createPrisma({ kind: "postgres", url: databaseUrl }, { poolSize: 8 });

  const ports = opts.basePort
    ? Array.from({ length: opts.instances }, (_, i) => opts.basePort! + i)
    : await Promise.all(Array.from({ length: opts.instances }, freePort));
  const urls = ports.map((p) => `http://127.0.0.1:${p}`);
  const children: (ChildProcess | null)[] = urls.map(() => null);

  const spawnInstance = async (i: number, extraEnv: Record<string, string> = {}) => {
    const port = String(ports[i]);
    const env = {
      ...process.env,
      NODE_ENV: "production" as const,
      // The simulator's demo merchant, on purpose (production refuses demo mode without it).
      DEMO_MODE: "1",
      PORT: port,
      DATABASE_URL: databaseUrl,
      SIMULATOR_URL: sim.url,
      SIMULATOR_DATA_DIR: simDataDir,
      SIMULATOR_EXTERNAL: "1",
      SKIP_BUILD: "1",
      WORKER_DISABLED: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_SECRET: "notify-cluster-secret-notify-cluster-secret",
      NEXTAUTH_URL: urls[i]!,
      // stop() sends SIGTERM: no drain window (nothing routes here by readiness).
      SHUTDOWN_DRAIN_MS: "0",
      ...opts.env,
      ...extraEnv,
    };
    const args =
      mode === "next"
        ? ["node_modules/next/dist/bin/next", "start", "-p", port, "-H", "127.0.0.1"]
        : ["--import", "tsx", "scripts/notify-instance.ts"];
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...args], {
      env,
      stdio: ["ignore", opts.onStdout ? "pipe" : opts.quiet === false ? "inherit" : "ignore", "inherit"],
    });
    if (opts.onStdout && child.stdout) {
      const onStdout = opts.onStdout;
      readline.createInterface({ input: child.stdout }).on("line", (line) => onStdout(line, i));
    }
    children[i] = child;
    await waitReady(urls[i]!, child, 30_000);
  };
  await Promise.all(urls.map((_, i) => spawnInstance(i)));

  const kill = async (i: number, signal: NodeJS.Signals = "SIGKILL") => {
    const c = children[i];
    if (!c || c.exitCode !== null || c.signalCode !== null) return null;
    const gone = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      c.once("exit", (code, sig) => r({ code, signal: sig })),
    );
    c.kill(signal);
    return gone;
  };

  return {
    mode,
    sim,
    databaseUrl,
    db,
    wechat,
    urls,
    pids: () => children.flatMap((c) => (c?.pid && c.exitCode === null && c.signalCode === null ? [c.pid] : [])),
    notifyUrl: (i) => `${urls[i]}/api/v1/payments/wechat/notify`,
    kill,
    restart: (i, env) => spawnInstance(i, env),
    async stop() {
      await Promise.all(urls.map((_, i) => kill(i, "SIGTERM")));
      wechat.stop();
      await db.$disconnect();
      await sim.close();
      rmSync(simDataDir, { recursive: true, force: true });
      const a = new pg.Client({ connectionString: baseUrl });
      await a.connect();
      await a.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await a.end();
    },
  };
}
