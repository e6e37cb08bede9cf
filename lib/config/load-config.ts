import { readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "@/lib/wechatpay/errors";
import { DEFAULT_DB_TIMEOUTS, type DbTimeouts } from "@/lib/config/db-timeouts";
import { envSchema, type RawEnv } from "./env-schema";

/**
 * `timeouts`: DB_CONNECT_TIMEOUT_MS / DB_QUERY_TIMEOUT_MS (lib/db/pg-timeouts' defaults when
 * absent); `hotPoolSize`: NOTIFY_POOL_SIZE, the hot paths' own pg pool (lib/db/hot-sql's default, 8).
 */
export type DatabaseConfig =
  { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string; timeouts?: DbTimeouts; hotPoolSize?: number };

/**
 * Which keys verify WeChat Pay's responses and notifications: its public key (picked by
 * PUB_KEY_ID_… serial), the platform certificates downloaded from /v3/certificates and kept
 * fresh, or both — for the gray-release week of a migration, when WeChat Pay signs with either
 * and Wechatpay-Serial says which.
 */
export type VerifyMode = "public-key" | "certificates" | "both";

/** Live credentials as the merchant platform issued them. */
export interface LiveWechatConfig {
  mode: "live";
  appId: string;
  appSecret: string;
  mchId: string;
  apiV3Key: string;
  certSerialNo: string;
  privateKeyPem: string;
  /** WeChat Pay's public key (WECHAT_PUBLIC_KEY_ID + WECHAT_PUBLIC_KEY), when issued. */
  publicKey: { id: string; pem: string } | null;
  /** WECHAT_VERIFY_MODE; default public-key when a public key is set, else certificates. */
  verifyMode: VerifyMode;
  gateway: string;
  /**
   * WECHAT_GATEWAY_BACKUP: the failover host, null for none ("none"). Unset: the WeChat Pay
   * client's default, api2 only when the gateway is api.mch.weixin.qq.com itself.
   */
  gatewayBackup?: string | null;
  notifyUrl: string;
  oauthBase: string;
  snsBase: string;
  /**
   * The mini-program bound to this merchant (WECHAT_MINIPROGRAM_APP_ID + _APP_SECRET), whose
   * openids pay through POST /api/v1/payments/wechat/miniprogram; null when none is set.
   */
  miniProgram: MiniProgramApp | null;
}

export interface MiniProgramApp {
  appId: string;
  appSecret: string;
}

/** No WeChat credentials at all: the bundled simulator's demo merchant (read when first needed). */
export interface DemoWechatConfig {
  mode: "demo";
  simulatorUrl: string;
  simulatorDataDir: string;
  notifyUrl: string;
  /** The simulator has both keys; public-key unless WECHAT_VERIFY_MODE says otherwise. */
  verifyMode: VerifyMode;
}

export interface AppConfig {
  production: boolean;
  /** Per-attempt timeout for calls to WeChat Pay (the client retries within its own budget). */
  wechatTimeoutMs: number;
  /** WECHAT_QUERY_RATE: active queries per second at WeChat Pay, all instances together (default 50). */
  wechatQueryRate: number;
  /** Overrides every channel's payment window (tests, operators wanting shorter QR lifetimes). */
  paymentWindowSeconds: number | undefined;
  appUrl: string;
  database: DatabaseConfig;
  auth: { secret: string | undefined; adminEmail: string | undefined; adminPassword: string | undefined };
  wechat: LiveWechatConfig | DemoWechatConfig;
  /**
   * Test mode: the bundled simulator as a second WeChat Pay context for test keys and test data
   * (docs/test-mode.md). In demo mode it is `wechat` itself (demo mode is test mode only); in a
   * live deployment TEST_MODE=1 turns it on, else null.
   */
  testMode: DemoWechatConfig | null;
  checkout: CheckoutConfig;
  webhooks: WebhooksConfig;
  worker: WorkerConfig;
  shutdown: ShutdownConfig;
  http: HttpConfig;
  observability: ObservabilityConfig;
  /** NODE_ENV=development (`next dev`): the CSP lets React's dev tooling run. */
  development: boolean;
}

/** The background worker in each app process (lib/worker). */
export interface WorkerConfig {
  /** WORKER_DISABLED=1 turns the worker and the webhook delivery loop off in this process. */
  enabled: boolean;
  /** Time between ticks (WORKER_INTERVAL_MS, default 10 s). Payment queries run every min(1 s, this). */
  intervalMs: number;
  /**
   * Seconds after creation at which a PENDING payment is queried (WORKER_QUERY_SCHEDULE_S,
   * default 10, 30, 60, 120, 300); after the last entry, every that many seconds.
   */
  querySchedule: number[];
  /** Query a PROCESSING refund at most this often (WORKER_QUERY_EVERY_S, 60). */
  queryEverySeconds: number;
  /** Resubmit a refund still CREATED after this long (WORKER_REFUND_RESUBMIT_AFTER_S, 30). */
  refundResubmitAfterSeconds: number;
  /** Rows claimed per job per tick (WORKER_BATCH, 20). */
  batch: number;
  /** Beijing hour from which yesterday's bill is reconciled (RECONCILE_AFTER_HOUR, 10; -1 disables). */
  reconcileAfterHour: number;
}

/** Graceful stop on SIGTERM/SIGINT (lib/lifecycle). */
export interface ShutdownConfig {
  /** SHUTDOWN_DRAIN_MS: readiness is 503 but connections are still taken, so load balancers can notice (default 2000). */
  drainMs: number;
  /** SHUTDOWN_TIMEOUT_MS: from the signal to giving up on in-flight work (default 10000). */
  timeoutMs: number;
}

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/** Logs and metrics (docs/operations.md). */
export interface ObservabilityConfig {
  /** LOG_LEVEL, default info (warn under Vitest). */
  logLevel: LogLevel;
  /** METRICS_TOKEN: the bearer token GET /api/metrics wants; undefined turns the endpoint off (404). */
  metricsToken: string | undefined;
  /** METRICS_DISABLED=1: nothing is recorded (no-op metrics, no default process metrics), /api/metrics 404. */
  metricsEnabled: boolean;
}

/** How the app sits on the network. */
export interface HttpConfig {
  /** TRUST_PROXY_HOPS: reverse proxies in front of the app whose X-Forwarded-For entries are believed. */
  trustProxyHops: number;
  /** The public URL (NEXTAUTH_URL) is https: cookies are Secure and HSTS is sent. */
  https: boolean;
}

/** Outgoing webhooks and the event outbox. */
export interface WebhooksConfig {
  /** WEBHOOK_ALLOW_PRIVATE=1: endpoints may be http and resolve to private/loopback/link-local addresses. */
  allowPrivate: boolean;
  /** Demo mode: http and loopback endpoints are allowed (a receiver on the developer's machine). */
  allowLoopback: boolean;
  /** Multiplies every retry delay (WEBHOOK_RETRY_SCALE; tests only). 1 in production. */
  retryScale: number;
  /** Events (with their deliveries and attempts) older than this are deleted. */
  retentionDays: number;
  /**
   * WEBHOOK_DELIVERY_THREAD (default 1): on PostgreSQL the delivery loop runs in its own worker
   * thread, off the request thread; 0 keeps it in the request thread. PGlite always keeps it
   * there (one in-process database).
   */
  deliveryThread: boolean;
  /** WEBHOOK_DELIVERY_NICE (default 10): the delivery thread's nice value on Linux (0: unchanged). */
  deliveryNice: number;
}

/** The merchant API's limits (Checkout Sessions and API keys). */
export interface CheckoutConfig {
  /** Largest session total in fen (default ¥10,000). */
  maxAmountFen: number;
  /** Origins (scheme://host[:port]) that successUrl/cancelUrl may point at. */
  allowedRedirectOrigins: string[];
  /** Demo mode: any loopback origin (http or https) is allowed too. */
  allowLoopbackRedirects: boolean;
  /** Requests per minute per API key. */
  apiKeyRateLimitPerMinute: number;
}

// Every one of these is needed to take real payments; any of them set means "live".
const LIVE_REQUIRED = [
  "WECHAT_APP_ID",
  "WECHAT_APP_SECRET",
  "WECHAT_MCH_ID",
  "WECHAT_API_V3_KEY",
  "WECHAT_CERT_SERIAL_NO",
  "WECHAT_NOTIFY_URL",
] as const;
const LIVE_ANY = [
  ...LIVE_REQUIRED,
  "WECHAT_PRIVATE_KEY",
  "WECHAT_PRIVATE_KEY_PATH",
  "WECHAT_PUBLIC_KEY_ID",
  "WECHAT_PUBLIC_KEY",
] as const;

type ReadFile = (file: string) => string;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** localhost, 127.0.0.0/8 and ::1: a public URL there is a developer's machine, http is fine. */
function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname) || hostname.endsWith(".localhost");
}

/**
 * Parses the environment once. Pure apart from reading WECHAT_PRIVATE_KEY_PATH, which is
 * injectable. Throws ConfigError listing every problem by variable name.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  readFile: ReadFile = (f) => readFileSync(f, "utf8"),
): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === "production";
  const appUrl = (e.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");

  const database: DatabaseConfig = e.DATABASE_URL
    ? {
        kind: "postgres",
        url: e.DATABASE_URL,
        timeouts: {
          connectMs: e.DB_CONNECT_TIMEOUT_MS ? Number(e.DB_CONNECT_TIMEOUT_MS) : DEFAULT_DB_TIMEOUTS.connectMs,
          queryMs: e.DB_QUERY_TIMEOUT_MS ? Number(e.DB_QUERY_TIMEOUT_MS) : DEFAULT_DB_TIMEOUTS.queryMs,
        },
        ...(e.NOTIFY_POOL_SIZE && { hotPoolSize: Number(e.NOTIFY_POOL_SIZE) }),
      }
    : {
        kind: "pglite",
        dataDir: path.resolve(/*turbopackIgnore: true*/ process.cwd(), e.PGLITE_DATA_DIR ?? ".data/pglite"),
      };

  const live = LIVE_ANY.some((k) => e[k] !== undefined);
  const wechat = live ? liveWechat(e, problems, readFile) : demoWechat(e, appUrl);
  if (live) {
    if (e.DEMO_MODE === "1") problems.push("DEMO_MODE=1 but WECHAT_* variables are set: unset one or the other");
    publicUrlProblems(e.NEXTAUTH_URL, problems);
  } else if (production && e.DEMO_MODE !== "1" && e.NEXT_PHASE !== "phase-production-build") {
    // A deployment that forgot its credentials must not quietly take "payments" from the simulator.
    problems.push(
      `NODE_ENV=production without WeChat Pay credentials: set ${[...LIVE_REQUIRED, "WECHAT_PRIVATE_KEY (or WECHAT_PRIVATE_KEY_PATH)"].join(", ")}, ` +
        "or set DEMO_MODE=1 to run the bundled simulator's demo merchant on purpose",
    );
  }
  if (!live && e.WECHAT_MINIPROGRAM_APP_ID !== undefined)
    problems.push(
      "WECHAT_MINIPROGRAM_APP_ID needs live WeChat Pay credentials (demo mode uses the simulator's mini-program)",
    );
  if (!live && e.TEST_MODE === "0") problems.push("TEST_MODE=0 in demo mode: demo mode is test mode only");
  const testMode = !live ? (wechat as DemoWechatConfig) : e.TEST_MODE === "1" ? testWechat(e) : null;
  // Beside live credentials the simulator's control API (anyone may "pay" there) stays on loopback.
  if (live && testMode && !isLoopbackHostname(new URL(testMode.simulatorUrl).hostname))
    problems.push("TEST_MODE=1: SIMULATOR_URL must be a loopback address such as http://127.0.0.1:3100");
  const allowedRedirectOrigins = redirectOrigins(e.CHECKOUT_ALLOWED_REDIRECT_ORIGINS, problems);
  if (problems.length) throw new ConfigError(problems);

  return {
    production,
    wechatTimeoutMs: e.WECHAT_TIMEOUT_MS ? Number(e.WECHAT_TIMEOUT_MS) : 10_000,
    wechatQueryRate: e.WECHAT_QUERY_RATE ? Number(e.WECHAT_QUERY_RATE) : 50,
    paymentWindowSeconds: e.PAYMENT_WINDOW_SECONDS ? Number(e.PAYMENT_WINDOW_SECONDS) : undefined,
    appUrl,
    database,
    auth: { secret: e.NEXTAUTH_SECRET, adminEmail: e.ADMIN_EMAIL, adminPassword: e.ADMIN_PASSWORD },
    wechat,
    testMode,
    checkout: {
      maxAmountFen: e.CHECKOUT_MAX_AMOUNT_FEN ? Number(e.CHECKOUT_MAX_AMOUNT_FEN) : 1_000_000,
      allowedRedirectOrigins,
      allowLoopbackRedirects: wechat.mode === "demo",
      apiKeyRateLimitPerMinute: e.API_KEY_RATE_LIMIT_PER_MINUTE ? Number(e.API_KEY_RATE_LIMIT_PER_MINUTE) : 6000,
    },
    webhooks: {
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE === "1",
      allowLoopback: wechat.mode === "demo",
      retryScale: e.WEBHOOK_RETRY_SCALE ? Number(e.WEBHOOK_RETRY_SCALE) : 1,
      retentionDays: e.EVENTS_RETENTION_DAYS ? Number(e.EVENTS_RETENTION_DAYS) : 30,
      deliveryThread: e.WEBHOOK_DELIVERY_THREAD !== "0",
      deliveryNice: e.WEBHOOK_DELIVERY_NICE ? Number(e.WEBHOOK_DELIVERY_NICE) : 10,
    },
    worker: {
      enabled: e.WORKER_DISABLED !== "1",
      intervalMs: e.WORKER_INTERVAL_MS ? Number(e.WORKER_INTERVAL_MS) : 10_000,
      querySchedule: e.WORKER_QUERY_SCHEDULE_S
        ? e.WORKER_QUERY_SCHEDULE_S.split(",").map(Number)
        : [10, 30, 60, 120, 300],
      queryEverySeconds: e.WORKER_QUERY_EVERY_S ? Number(e.WORKER_QUERY_EVERY_S) : 60,
      refundResubmitAfterSeconds: e.WORKER_REFUND_RESUBMIT_AFTER_S ? Number(e.WORKER_REFUND_RESUBMIT_AFTER_S) : 30,
      batch: e.WORKER_BATCH ? Number(e.WORKER_BATCH) : 20,
      reconcileAfterHour: e.RECONCILE_AFTER_HOUR ? Number(e.RECONCILE_AFTER_HOUR) : 10,
    },
    shutdown: {
      drainMs: e.SHUTDOWN_DRAIN_MS ? Number(e.SHUTDOWN_DRAIN_MS) : 2_000,
      timeoutMs: e.SHUTDOWN_TIMEOUT_MS ? Number(e.SHUTDOWN_TIMEOUT_MS) : 10_000,
    },
    http: {
      trustProxyHops: e.TRUST_PROXY_HOPS ? Number(e.TRUST_PROXY_HOPS) : 0,
      https: appUrl.startsWith("https://"),
    },
    observability: {
      logLevel: (e.LOG_LEVEL as LogLevel | undefined) ?? (e.VITEST ? "warn" : "info"),
      metricsToken: e.METRICS_TOKEN,
      metricsEnabled: e.METRICS_DISABLED !== "1",
    },
    development: e.NODE_ENV === "development",
  };
}

/** Live mode: the public URL decides cookie flags, redirects and the H5 return page, so it must be real. */
function publicUrlProblems(raw: string | undefined, problems: string[]): void {
  if (raw === undefined) {
    problems.push("NEXTAUTH_URL is required outside demo mode: the public https URL of this app");
    return;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push("NEXTAUTH_URL is not a URL");
    return;
  }
  if (url.protocol !== "https:" && !isLoopbackHostname(url.hostname)) {
    problems.push("NEXTAUTH_URL must be https outside demo mode (http only for localhost / 127.0.0.1)");
  }
}

/** `https://shop.example.com, https://app.example.com:8443` → normalised origins; bad entries are problems. */
function redirectOrigins(raw: string | undefined, problems: string[]): string[] {
  const origins: string[] = [];
  for (const entry of (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.origin !== entry.replace(/\/$/, "")) {
      problems.push(`CHECKOUT_ALLOWED_REDIRECT_ORIGINS: "${entry}" is not an origin like https://shop.example.com`);
    } else origins.push(url.origin);
  }
  return origins;
}

/** PEM text pasted into a one-line .env value usually arrives with literal "\n" sequences. */
const pem = (v: string | undefined) => v?.replace(/\\n/g, "\n");

function liveWechat(e: RawEnv, problems: string[], readFile: ReadFile): LiveWechatConfig {
  const missing: string[] = LIVE_REQUIRED.filter((k) => e[k] === undefined);
  let privateKeyPem = pem(e.WECHAT_PRIVATE_KEY);
  if (e.WECHAT_PRIVATE_KEY && e.WECHAT_PRIVATE_KEY_PATH) {
    problems.push("WECHAT_PRIVATE_KEY and WECHAT_PRIVATE_KEY_PATH are both set: keep one");
  } else if (e.WECHAT_PRIVATE_KEY_PATH) {
    try {
      privateKeyPem = readFile(e.WECHAT_PRIVATE_KEY_PATH);
      if (!privateKeyPem.includes("PRIVATE KEY"))
        problems.push("WECHAT_PRIVATE_KEY_PATH does not point at a PEM private key");
    } catch {
      problems.push("WECHAT_PRIVATE_KEY_PATH cannot be read");
    }
  } else if (!privateKeyPem) {
    missing.push("WECHAT_PRIVATE_KEY (or WECHAT_PRIVATE_KEY_PATH)");
  }
  const verifyMode: VerifyMode =
    (e.WECHAT_VERIFY_MODE as VerifyMode | undefined) ?? (e.WECHAT_PUBLIC_KEY_ID ? "public-key" : "certificates");
  if (verifyMode !== "certificates" && (e.WECHAT_PUBLIC_KEY_ID === undefined || e.WECHAT_PUBLIC_KEY === undefined)) {
    problems.push(`WECHAT_VERIFY_MODE=${verifyMode} needs WECHAT_PUBLIC_KEY_ID and WECHAT_PUBLIC_KEY`);
  }
  if ((e.WECHAT_PUBLIC_KEY_ID === undefined) !== (e.WECHAT_PUBLIC_KEY === undefined)) {
    problems.push(
      "WECHAT_PUBLIC_KEY_ID and WECHAT_PUBLIC_KEY go together: set both (public-key mode) or neither (platform certificates)",
    );
  }
  if (missing.length) {
    problems.push(
      `WeChat Pay credentials are partly set; missing: ${missing.join(", ")} (unset every WECHAT_* variable for demo mode)`,
    );
  }
  if ((e.WECHAT_MINIPROGRAM_APP_ID === undefined) !== (e.WECHAT_MINIPROGRAM_APP_SECRET === undefined)) {
    problems.push("WECHAT_MINIPROGRAM_APP_ID and WECHAT_MINIPROGRAM_APP_SECRET go together: set both or neither");
  }
  if (e.WECHAT_NOTIFY_URL && !/^https:\/\/[^/?#]+\/[^?#]*$/.test(e.WECHAT_NOTIFY_URL)) {
    problems.push("WECHAT_NOTIFY_URL must be a public https URL without a query string");
  }
  return {
    mode: "live",
    appId: e.WECHAT_APP_ID ?? "",
    appSecret: e.WECHAT_APP_SECRET ?? "",
    mchId: e.WECHAT_MCH_ID ?? "",
    apiV3Key: e.WECHAT_API_V3_KEY ?? "",
    certSerialNo: (e.WECHAT_CERT_SERIAL_NO ?? "").toUpperCase(),
    privateKeyPem: privateKeyPem ?? "",
    publicKey:
      e.WECHAT_PUBLIC_KEY_ID && e.WECHAT_PUBLIC_KEY
        ? { id: e.WECHAT_PUBLIC_KEY_ID, pem: pem(e.WECHAT_PUBLIC_KEY)! }
        : null,
    verifyMode,
    gateway: (e.WECHAT_GATEWAY ?? "https://api.mch.weixin.qq.com").replace(/\/$/, ""),
    ...(e.WECHAT_GATEWAY_BACKUP && {
      gatewayBackup: e.WECHAT_GATEWAY_BACKUP === "none" ? null : e.WECHAT_GATEWAY_BACKUP.replace(/\/$/, ""),
    }),
    notifyUrl: e.WECHAT_NOTIFY_URL ?? "",
    oauthBase: (e.WECHAT_OAUTH_BASE ?? "https://open.weixin.qq.com").replace(/\/$/, ""),
    snsBase: (e.WECHAT_SNS_BASE ?? "https://api.weixin.qq.com").replace(/\/$/, ""),
    miniProgram:
      e.WECHAT_MINIPROGRAM_APP_ID && e.WECHAT_MINIPROGRAM_APP_SECRET
        ? { appId: e.WECHAT_MINIPROGRAM_APP_ID, appSecret: e.WECHAT_MINIPROGRAM_APP_SECRET }
        : null,
  };
}

/**
 * Test mode beside live credentials: the simulator runs on loopback (SIMULATOR_URL), so it
 * notifies the app on loopback too, at the test route (verified with the simulator's keys only).
 */
function testWechat(e: RawEnv): DemoWechatConfig {
  const appOnLoopback = `http://127.0.0.1:${e.PORT ?? "3000"}`;
  return {
    ...demoWechat(e, appOnLoopback),
    notifyUrl: e.TEST_MODE_NOTIFY_URL ?? `${appOnLoopback}/api/v1/payments/wechat/notify/test`,
    // The simulator signs with its public key; the live WECHAT_VERIFY_MODE is about the real gateway.
    verifyMode: "public-key",
  };
}

function demoWechat(e: RawEnv, appUrl: string): DemoWechatConfig {
  return {
    mode: "demo",
    simulatorUrl: (e.SIMULATOR_URL ?? "http://127.0.0.1:3100").replace(/\/$/, ""),
    simulatorDataDir: path.resolve(/*turbopackIgnore: true*/ process.cwd(), e.SIMULATOR_DATA_DIR ?? ".data/simulator"),
    // The simulator delivers to plain http on loopback; real WeChat Pay requires https.
    notifyUrl: `${appUrl}/api/v1/payments/wechat/notify`,
    verifyMode: (e.WECHAT_VERIFY_MODE as VerifyMode | undefined) ?? "public-key",
  };
}
