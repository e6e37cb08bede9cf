// The app as the Playwright suite sees it: `npm start` in demo mode on a fresh embedded
// database and simulator data dir, on ports of its own so a running dev copy is left alone.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";

// Per port, so two suites on different ports never share (or delete) each other's data.
const dataDir = path.resolve(`.data/e2e-${process.env.PORT ?? "3210"}`);
rmSync(dataDir, { recursive: true, force: true });
const simPort = process.env.E2E_SIMULATOR_PORT ?? "3211";
const port = process.env.PORT ?? "3210";

// Demo mode only: strip any merchant credentials or DATABASE_URL from the caller's shell.
const env: Record<string, string | undefined> = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !k.startsWith("WECHAT_") && k !== "DATABASE_URL" && !k.startsWith("ADMIN_"),
  ),
);
Object.assign(env, {
  PORT: port,
  NEXTAUTH_URL: `http://localhost:${port}`,
  PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
  SIMULATOR_URL: `http://127.0.0.1:${simPort}`,
  SIMULATOR_DATA_DIR: path.join(dataDir, "simulator"),
  SIMULATOR_TIME_SCALE: process.env.SIMULATOR_TIME_SCALE ?? "0.01",
  SIMULATOR_REFUND_DELAY_MS: process.env.SIMULATOR_REFUND_DELAY_MS ?? "500",
  ADMIN_EMAIL: "e2e-admin@demo.local",
  ADMIN_PASSWORD: "e2e-admin-password",
  // Demo mode on purpose, even if the caller's shell says NODE_ENV=production.
  DEMO_MODE: "1",
  NEXT_TELEMETRY_DISABLED: "1",
});

const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
  stdio: "inherit",
  env: env as NodeJS.ProcessEnv,
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
