// A second app for the admin's live/test switch: the same build started as a live deployment
// (`npm start` with WECHAT_* credentials) with TEST_MODE=1, on a fresh PostgreSQL schema. Its
// test mode context is the suite's simulator; its live gateway is a closed port, since the
// admin pages never call it. The suite's own server stays in demo mode (test only).
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { E2E_PORT, E2E_SIMULATOR_PORT } from "../playwright.config";

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export interface LiveAndTestServer {
  url: string;
  admin: { email: string; password: string };
  stop(): Promise<void>;
}

/** null when the local PostgreSQL does not answer (outside CI: the caller skips). */
export async function startLiveAndTestServer(): Promise<LiveAndTestServer | null> {
  const schema = `e2e_modes_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    if (process.env.CI === "true") throw new Error("PostgreSQL is required under CI", { cause: err });
    return null;
  }
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const u = new URL(DATABASE_URL);
  u.searchParams.set("schema", schema);

  const port = String(E2E_PORT + 2);
  const url = `http://localhost:${port}`;
  const key = () => generateKeyPairSync("rsa", { modulusLength: 2048 });
  const merchant = key();
  const wechatPay = key();
  const who = { email: "modes-admin@example.test", password: "modes-admin-password" };
  const env: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("WECHAT_") && k !== "DEMO_MODE" && k !== "DATABASE_URL"),
  );
  Object.assign(env, {
    PORT: port,
    HOSTNAME_BIND: "127.0.0.1",
    SKIP_BUILD: "1",
    SIMULATOR_EXTERNAL: "1",
    WORKER_DISABLED: "1",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: u.toString(),
    NEXTAUTH_URL: url,
    NEXTAUTH_SECRET: randomBytes(24).toString("hex"),
    ADMIN_EMAIL: who.email,
    ADMIN_PASSWORD: who.password,
    CHECKOUT_ALLOWED_REDIRECT_ORIGINS: "https://shop.example",
    TEST_MODE: "1",
    SIMULATOR_URL: `http://127.0.0.1:${E2E_SIMULATOR_PORT}`,
    SIMULATOR_DATA_DIR: path.resolve(`.data/e2e-${E2E_PORT}/simulator`),
    WECHAT_APP_ID: "wx0000000000000001",
    WECHAT_APP_SECRET: "not-used-by-admin-pages",
    WECHAT_MCH_ID: "1900000109",
    WECHAT_API_V3_KEY: randomBytes(16).toString("hex"),
    WECHAT_CERT_SERIAL_NO: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
    WECHAT_PRIVATE_KEY: merchant.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    WECHAT_PUBLIC_KEY_ID: "PUB_KEY_ID_0119000001092025000000000000000001",
    WECHAT_PUBLIC_KEY: wechatPay.publicKey.export({ type: "spki", format: "pem" }).toString(),
    WECHAT_GATEWAY: "http://127.0.0.1:9",
    WECHAT_NOTIFY_URL: "https://checkout.example.test/api/v1/payments/wechat/notify",
  });
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await gone;
    }
    await admin.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => {});
    await admin.end().catch(() => {});
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the live + test mode app exited (${child.exitCode})`);
    }
    const up = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the live + test mode app was not up within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, admin: who, stop };
}
