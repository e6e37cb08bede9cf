import path from "node:path";

/**
 * The environment of a user's `npm start` in demo mode: this process's variables without a
 * database URL or WeChat Pay credentials (so embedded PGlite and the simulator), on the given
 * port and data folder, with the simulator's clock sped up so shoppers pay at once.
 */
export function demoModeEnv(opts: {
  port: number;
  baseUrl: string;
  simulatorUrl: string;
  dataDir: string;
  drop?: string[];
  extra?: Record<string, string>;
}): NodeJS.ProcessEnv {
  const drop = new Set(["DATABASE_URL", ...(opts.drop ?? [])]);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("WECHAT_") && !drop.has(k)));
  const demo: Record<string, string | undefined> = {
    ...env,
    PORT: String(opts.port),
    NEXTAUTH_URL: opts.baseUrl,
    PGLITE_DATA_DIR: path.join(opts.dataDir, "pglite"),
    SIMULATOR_URL: opts.simulatorUrl,
    SIMULATOR_DATA_DIR: path.join(opts.dataDir, "simulator"),
    SIMULATOR_TIME_SCALE: "0.01",
    NEXT_TELEMETRY_DISABLED: "1",
    ...opts.extra,
  };
  return demo as NodeJS.ProcessEnv;
}
