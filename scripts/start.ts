// npm start — the whole product on one machine: configuration check, simulator (demo mode or
// TEST_MODE=1, served from this process), migrations, seed, production build when sources
// changed, then `next start`.
// npm run dev — the same with `next dev`.
// This process only supervises: it stays small for as long as the app runs (docs/operations.md,
// "Memory in embedded mode"). Migrations and the seed run in a child that exits (scripts/prepare.ts),
// so PGlite's memory is not kept here; `npm start` runs the compiled bundles (.build/, by
// scripts/build-scripts.mjs), so nothing transpiles TypeScript at run time.
import { spawn, type ChildProcess } from "node:child_process";
import { ConfigError, getConfig } from "@/lib/config";
import { appServerEnv } from "./lib/app-server-env";
import { appServerNodeArgs } from "./lib/app-server-node-args";
import { demoNextAuthSecret } from "./lib/demo-secret";
import { ensureBuild } from "./lib/needs-build";
import { nodeArgsFor } from "./lib/node-program";
import { loadEnvFiles } from "./lib/load-env-files";

const dev = process.argv.includes("--dev");
const children: ChildProcess[] = [];
let app: ChildProcess | null = null;
let stopping = false;

function stopAll(code: number): never {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  process.exit(code);
}

/**
 * The simulator runs in this process: it is an HTTP server like any peer (the app reaches it only
 * over HTTP), and a Node process of its own cost ~50 MB more of the embedded total
 * (docs/operations.md, "Memory in embedded mode"). Loaded only when it is needed. It keeps
 * serving after Ctrl-C until the app has finished its requests (the app's exit ends this process).
 */
async function startSimulator(simulatorUrl: string, dataDir: string): Promise<void> {
  const url = new URL(simulatorUrl);
  const [{ startSimulator: start }, { simulatorOptionsFromEnv }] = await Promise.all([
    import("@/simulator/server"),
    import("@/simulator/options-from-env"),
  ]);
  const sim = await start({
    ...simulatorOptionsFromEnv(process.env),
    port: Number(url.port || 3100),
    dataDir,
  });
  console.log(`WeChat Pay simulator on ${sim.url}`);
}

/** Migrations and the seed, in a child that exits (its PGlite goes with it); rejects if it fails. */
function prepareDatabase(): Promise<void> {
  const child = spawn(process.execPath, nodeArgsFor("scripts/prepare.ts"), { stdio: "inherit", env: process.env });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`migrations and seed failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

async function main() {
  loadEnvFiles();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const config = getConfig();
  const port = process.env.PORT ?? "3000";

  if (config.wechat.mode === "demo") {
    // getConfig() allowed demo mode here: NODE_ENV is not production (the README's `npm start`)
    // or the operator set DEMO_MODE=1. `next start` runs with NODE_ENV=production, so say so.
    process.env.DEMO_MODE = "1";
    console.warn(
      "DEMO MODE: no WECHAT_* credentials, payments go to the bundled simulator (set them to take real payments)",
    );
    process.env.NEXTAUTH_SECRET ??= demoNextAuthSecret();
    process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
    if (process.env.SIMULATOR_EXTERNAL !== "1")
      await startSimulator(config.wechat.simulatorUrl, config.wechat.simulatorDataDir);
  } else if (!config.auth.secret) {
    throw new ConfigError(["NEXTAUTH_SECRET is required outside demo mode"]);
  } else if (config.testMode && process.env.SIMULATOR_EXTERNAL !== "1") {
    // TEST_MODE=1 beside live credentials: the simulator plays WeChat Pay for sk_test_ keys, on
    // loopback only (loadConfig insists: its control API must never face the internet).
    console.warn(`TEST MODE: sk_test_ keys pay through the bundled simulator on ${config.testMode.simulatorUrl}`);
    await startSimulator(config.testMode.simulatorUrl, config.testMode.simulatorDataDir);
  }

  await prepareDatabase();

  if (!dev && process.env.SKIP_BUILD !== "1") ensureBuild();

  const embedded = config.database.kind === "pglite";
  const next = spawn(
    process.execPath,
    [
      ...appServerNodeArgs({ embedded, dev, nodeOptions: process.env.NODE_OPTIONS }),
      "node_modules/next/dist/bin/next",
      dev ? "dev" : "start",
      "-p",
      port,
      "-H",
      process.env.HOSTNAME_BIND ?? "0.0.0.0",
    ],
    {
      // npm run dev: the app's JSON log lines made readable (other lines pass through as they are).
      stdio: dev ? ["inherit", "pipe", "inherit"] : "inherit",
      env: appServerEnv(process.env, { embedded }),
    },
  );
  if (dev && next.stdout) {
    const { default: pretty } = await import("pino-pretty");
    next.stdout.pipe(pretty({ colorize: true, ignore: "pid,hostname", translateTime: "SYS:HH:MM:ss.l" }));
  }
  children.push(next);
  app = next;
  next.on("exit", (code) => stopAll(code ?? 0));
  const where = config.database.kind === "pglite" ? `embedded PGlite (${config.database.dataDir})` : "PostgreSQL";
  console.log(`checkout on http://localhost:${port} · database: ${where} · WeChat Pay: ${config.wechat.mode}`);
}

// The app stops gracefully (instrumentation.ts → lib/lifecycle): pass the signal on and wait for
// it to exit (its exit ends this process, with its code); SIGKILL only if it overruns its own
// SHUTDOWN_TIMEOUT_MS by a margin. Before the app runs there is nothing to wait for.
function onSignal(): void {
  if (!app || app.exitCode !== null) return stopAll(0);
  if (stopping) return;
  stopping = true;
  app.kill("SIGTERM");
  const budget = getConfig().shutdown.timeoutMs + 5_000;
  setTimeout(() => app?.kill("SIGKILL"), budget).unref();
}
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, onSignal);
// An error nobody caught (the in-process simulator's, say) stops the app too: never an app left
// running against a simulator that is gone.
process.on("uncaughtException", (err) => {
  console.error(err);
  stopAll(1);
});

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  stopAll(1);
});
