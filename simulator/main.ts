import { startSimulator } from "./server";
import { SIGNING_MODES, type SigningMode } from "./signer";

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new Error(`${name} must be a number, got ${raw}`);
  return v;
}

async function main(): Promise<void> {
  const mode = (process.env.SIMULATOR_SIGNING_MODE ?? "public-key") as SigningMode;
  if (!SIGNING_MODES.includes(mode))
    throw new Error(`SIMULATOR_SIGNING_MODE must be one of ${SIGNING_MODES.join(", ")}`);
  const sim = await startSimulator({
    port: num("SIMULATOR_PORT", 3100),
    dataDir: process.env.SIMULATOR_DATA_DIR || ".data/simulator",
    timeScale: num("SIMULATOR_TIME_SCALE", 1),
    refundDelayMs: num("SIMULATOR_REFUND_DELAY_MS", 2000),
    notifyTimeoutMs: num("SIMULATOR_NOTIFY_TIMEOUT_MS", 5000),
    signingMode: mode,
    log: process.env.SIMULATOR_LOG === "1",
  });
  console.log(`WeChat Pay simulator listening on ${sim.url}`);
  console.log(`  merchant file: ${sim.merchantFile}`);
  console.log(`  console:       ${sim.url}/console`);
  console.log(`  scan page:     ${sim.url}/scan`);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
