import { z } from "zod";

// Every variable the app reads, validated once. Empty strings count as unset so that a copied
// .env.example with blank values behaves like no value at all.
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const url = (name: string) =>
  optional.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    message: `${name} must be an http(s) URL`,
  });

const millis = (name: string, min: number, max: number) =>
  optional.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max), {
    message: `${name} must be a number of milliseconds between ${min} and ${max}`,
  });

const wholeNumber = (name: string, min: number, max: number, what: string) =>
  optional.refine((v) => v === undefined || (/^-?\d+$/.test(v) && Number(v) >= min && Number(v) <= max), {
    message: `${name} must be ${what} from ${min} to ${max}`,
  });

/** `"10,30,60"`: whole seconds from 1 to 86400, strictly increasing. */
function isQuerySchedule(raw: string): boolean {
  const points = raw.split(",").map((s) => (/^\s*\d+\s*$/.test(s) ? Number(s) : NaN));
  return points.every((p, i) => p >= 1 && p <= 86_400 && (i === 0 || p > points[i - 1]!));
}

export const envSchema = z.object({
  NODE_ENV: optional,
  // Set by `next build` while it collects pages: start-time rules (DEMO_MODE) are not checked then.
  NEXT_PHASE: optional,
  DEMO_MODE: optional.refine((v) => v === undefined || v === "0" || v === "1", {
    message: "DEMO_MODE must be 0 or 1",
  }),
  TRUST_PROXY_HOPS: optional.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) <= 10), {
    message: "TRUST_PROXY_HOPS must be the number of reverse proxies in front of the app (0–10)",
  }),
  DATABASE_URL: optional.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: "DATABASE_URL must start with postgresql:// (leave it unset for the embedded PGlite database)",
  }),
  PGLITE_DATA_DIR: optional,
  DB_CONNECT_TIMEOUT_MS: millis("DB_CONNECT_TIMEOUT_MS", 100, 60_000),
  DB_QUERY_TIMEOUT_MS: millis("DB_QUERY_TIMEOUT_MS", 100, 600_000),
  // Graceful shutdown (lib/lifecycle).
  SHUTDOWN_DRAIN_MS: millis("SHUTDOWN_DRAIN_MS", 0, 60_000),
  SHUTDOWN_TIMEOUT_MS: millis("SHUTDOWN_TIMEOUT_MS", 1_000, 600_000),
  NEXTAUTH_SECRET: optional.refine((v) => v === undefined || v.length >= 32, {
    message: "NEXTAUTH_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)",
  }),
  NEXTAUTH_URL: url("NEXTAUTH_URL"),
  ADMIN_EMAIL: optional.refine((v) => v === undefined || /^[^\s@]+@[^\s@]+$/.test(v), {
    message: "ADMIN_EMAIL must be an email address",
  }),
  ADMIN_PASSWORD: optional.refine((v) => v === undefined || v.length >= 10, {
    message: "ADMIN_PASSWORD must be at least 10 characters",
  }),
  WECHAT_APP_ID: optional,
  WECHAT_APP_SECRET: optional,
  WECHAT_MINIPROGRAM_APP_ID: optional.refine((v) => v === undefined || /^wx[0-9a-f]{16}$/i.test(v), {
    message: "WECHAT_MINIPROGRAM_APP_ID must be the mini-program's appid (wx + 16 hex digits)",
  }),
  WECHAT_MINIPROGRAM_APP_SECRET: optional,
  WECHAT_MCH_ID: optional.refine((v) => v === undefined || /^\d{8,12}$/.test(v), {
    message: "WECHAT_MCH_ID must be the 8–12 digit merchant id",
  }),
  WECHAT_API_V3_KEY: optional.refine((v) => v === undefined || Buffer.byteLength(v, "utf8") === 32, {
    message: "WECHAT_API_V3_KEY must be exactly 32 bytes (the APIv3 key set in the merchant platform)",
  }),
  WECHAT_CERT_SERIAL_NO: optional.refine((v) => v === undefined || /^[0-9A-Fa-f]{8,64}$/.test(v), {
    message: "WECHAT_CERT_SERIAL_NO must be the merchant API certificate serial number (hex)",
  }),
  WECHAT_PRIVATE_KEY: optional.refine((v) => v === undefined || v.includes("PRIVATE KEY"), {
    message: "WECHAT_PRIVATE_KEY must be the PEM text of the merchant API private key",
  }),
  WECHAT_PRIVATE_KEY_PATH: optional,
  WECHAT_VERIFY_MODE: optional.refine(
    (v) => v === undefined || v === "public-key" || v === "certificates" || v === "both",
    { message: "WECHAT_VERIFY_MODE must be public-key, certificates or both" },
  ),
  WECHAT_PUBLIC_KEY_ID: optional.refine((v) => v === undefined || /^PUB_KEY_ID_\w+$/.test(v), {
    message: "WECHAT_PUBLIC_KEY_ID must look like PUB_KEY_ID_0114…",
  }),
  WECHAT_PUBLIC_KEY: optional.refine((v) => v === undefined || v.includes("PUBLIC KEY"), {
    message: "WECHAT_PUBLIC_KEY must be the PEM text of the WeChat Pay public key",
  }),
  WECHAT_GATEWAY: url("WECHAT_GATEWAY"),
  WECHAT_GATEWAY_BACKUP: optional.refine((v) => v === undefined || v === "none" || /^https?:\/\/[^\s]+$/.test(v), {
    message: "WECHAT_GATEWAY_BACKUP must be an http(s) URL or none",
  }),
  WECHAT_NOTIFY_URL: url("WECHAT_NOTIFY_URL"),
  WECHAT_OAUTH_BASE: url("WECHAT_OAUTH_BASE"),
  WECHAT_SNS_BASE: url("WECHAT_SNS_BASE"),
  WECHAT_TIMEOUT_MS: optional.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 500 && Number(v) <= 60_000),
    {
      message: "WECHAT_TIMEOUT_MS must be a number of milliseconds between 500 and 60000",
    },
  ),
  WECHAT_QUERY_RATE: optional.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 10_000),
    { message: "WECHAT_QUERY_RATE must be a whole number of queries per second between 1 and 10000" },
  ),
  PAYMENT_WINDOW_SECONDS: optional.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 60 && Number(v) <= 7200),
    {
      message: "PAYMENT_WINDOW_SECONDS must be between 60 and 7200 (WeChat Pay keeps a code_url or prepay_id 2 h)",
    },
  ),
  CHECKOUT_MAX_AMOUNT_FEN: optional.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 100_000_000),
    { message: "CHECKOUT_MAX_AMOUNT_FEN must be a whole number of fen between 1 and 100000000" },
  ),
  CHECKOUT_ALLOWED_REDIRECT_ORIGINS: optional,
  API_KEY_RATE_LIMIT_PER_MINUTE: optional.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 1_000_000),
    { message: "API_KEY_RATE_LIMIT_PER_MINUTE must be a whole number between 1 and 1000000" },
  ),
  WEBHOOK_ALLOW_PRIVATE: optional.refine((v) => v === undefined || v === "0" || v === "1", {
    message: "WEBHOOK_ALLOW_PRIVATE must be 0 or 1",
  }),
  WEBHOOK_RETRY_SCALE: optional.refine(
    (v) => v === undefined || (/^\d+(\.\d+)?$/.test(v) && Number(v) > 0 && Number(v) <= 1),
    { message: "WEBHOOK_RETRY_SCALE must be a number in (0, 1] (tests shrink the retry schedule)" },
  ),
  WEBHOOK_DELIVERY_THREAD: optional.refine((v) => v === undefined || v === "0" || v === "1", {
    message: "WEBHOOK_DELIVERY_THREAD must be 0 or 1",
  }),
  WEBHOOK_DELIVERY_NICE: wholeNumber("WEBHOOK_DELIVERY_NICE", 0, 19, "a whole number"),
  EVENTS_RETENTION_DAYS: optional.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 3650),
    { message: "EVENTS_RETENTION_DAYS must be a whole number of days between 1 and 3650" },
  ),
  // The background worker (lib/worker) and the hot paths' pg pool (lib/db/hot-sql).
  WORKER_DISABLED: optional.refine((v) => v === undefined || v === "0" || v === "1", {
    message: "WORKER_DISABLED must be 0 or 1",
  }),
  WORKER_INTERVAL_MS: millis("WORKER_INTERVAL_MS", 100, 3_600_000),
  WORKER_QUERY_SCHEDULE_S: optional.refine((v) => v === undefined || isQuerySchedule(v), {
    message: "WORKER_QUERY_SCHEDULE_S must be increasing whole seconds, comma-separated (e.g. 10,30,60,120,300)",
  }),
  WORKER_QUERY_EVERY_S: wholeNumber("WORKER_QUERY_EVERY_S", 1, 86_400, "a whole number of seconds"),
  WORKER_REFUND_RESUBMIT_AFTER_S: wholeNumber("WORKER_REFUND_RESUBMIT_AFTER_S", 0, 86_400, "a whole number of seconds"),
  WORKER_BATCH: wholeNumber("WORKER_BATCH", 1, 10_000, "a whole number of rows"),
  RECONCILE_AFTER_HOUR: wholeNumber("RECONCILE_AFTER_HOUR", -1, 23, "a Beijing hour (-1 disables)"),
  NOTIFY_POOL_SIZE: wholeNumber("NOTIFY_POOL_SIZE", 1, 100, "a number of connections"),
  LOG_LEVEL: optional.refine(
    (v) => v === undefined || ["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(v),
    { message: "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent" },
  ),
  // 1: no metric is recorded and /api/metrics is 404 (bench/overhead.ts measures what they cost).
  METRICS_DISABLED: optional.refine((v) => v === undefined || v === "0" || v === "1", {
    message: "METRICS_DISABLED must be 0 or 1",
  }),
  METRICS_TOKEN: optional.refine((v) => v === undefined || v.length >= 16, {
    message: "METRICS_TOKEN must be at least 16 characters (leave it unset to turn /api/metrics off)",
  }),
  TEST_MODE: optional.refine((v) => v === undefined || v === "0" || v === "1", {
    message: "TEST_MODE must be 0 or 1",
  }),
  TEST_MODE_NOTIFY_URL: url("TEST_MODE_NOTIFY_URL"),
  PORT: optional.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535), {
    message: "PORT must be a TCP port number",
  }),
  SIMULATOR_URL: url("SIMULATOR_URL"),
  SIMULATOR_DATA_DIR: optional,
  // Set by Vitest: logs default to warnings and errors (many apps write to one terminal).
  VITEST: optional,
});

export type RawEnv = z.infer<typeof envSchema>;
