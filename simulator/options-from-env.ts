import type { StartOptions } from "./server";
import { SIGNING_MODES, type SigningMode } from "./signer";

function num(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new Error(`${name} must be a number, got ${raw}`);
  return v;
}

/** The simulator's settings from its SIMULATOR_* variables (README), for `npm run simulator` and `npm start`. */
export function simulatorOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StartOptions {
  const mode = (env.SIMULATOR_SIGNING_MODE ?? "public-key") as SigningMode;
  if (!SIGNING_MODES.includes(mode))
    throw new Error(`SIMULATOR_SIGNING_MODE must be one of ${SIGNING_MODES.join(", ")}`);
  return {
    port: num(env, "SIMULATOR_PORT", 3100),
    dataDir: env.SIMULATOR_DATA_DIR || ".data/simulator",
    timeScale: num(env, "SIMULATOR_TIME_SCALE", 1),
    refundDelayMs: num(env, "SIMULATOR_REFUND_DELAY_MS", 2000),
    notifyTimeoutMs: num(env, "SIMULATOR_NOTIFY_TIMEOUT_MS", 5000),
    signingMode: mode,
    log: env.SIMULATOR_LOG === "1",
  };
}
