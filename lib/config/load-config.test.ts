import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/wechatpay/errors";
import { loadConfig } from "./load-config";
import { resolveWechatCredentials } from "./wechat-credentials";

const PEM = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
const LIVE = {
  WECHAT_APP_ID: "wx1234567890abcdef",
  WECHAT_APP_SECRET: "secret",
  WECHAT_MCH_ID: "1900000109",
  WECHAT_API_V3_KEY: "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb",
  WECHAT_CERT_SERIAL_NO: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
  WECHAT_PRIVATE_KEY: PEM,
  WECHAT_NOTIFY_URL: "https://shop.example.com/api/v1/payments/wechat/notify",
  NEXTAUTH_URL: "https://shop.example.com",
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env, () => {
      throw new Error("ENOENT");
    });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("loadConfig", () => {
  it("defaults to the embedded database and demo mode", () => {
    const c = loadConfig({});
    expect(c.database.kind).toBe("pglite");
    expect(c.wechat.mode).toBe("demo");
    if (c.wechat.mode === "demo") {
      expect(c.wechat.simulatorUrl).toBe("http://127.0.0.1:3100");
      expect(c.wechat.notifyUrl).toBe("http://localhost:3000/api/v1/payments/wechat/notify");
    }
  });

  it("reads the tuning knobs, with defaults", () => {
    expect(loadConfig({}).wechatTimeoutMs).toBe(10_000);
    expect(loadConfig({}).wechatQueryRate).toBe(50);
    expect(loadConfig({ WECHAT_QUERY_RATE: "200" }).wechatQueryRate).toBe(200);
    expect(loadConfig({}).paymentWindowSeconds).toBeUndefined();
    const c = loadConfig({ WECHAT_TIMEOUT_MS: "2500", PAYMENT_WINDOW_SECONDS: "90" });
    expect([c.wechatTimeoutMs, c.paymentWindowSeconds]).toEqual([2500, 90]);
  });

  it("reads the merchant API's limits, with defaults", () => {
    const d = loadConfig({}).checkout;
    expect(d).toEqual({
      maxAmountFen: 1_000_000,
      allowedRedirectOrigins: [],
      allowLoopbackRedirects: true,
      apiKeyRateLimitPerMinute: 6000,
    });
    const c = loadConfig({
      ...LIVE,
      CHECKOUT_MAX_AMOUNT_FEN: "5000",
      CHECKOUT_ALLOWED_REDIRECT_ORIGINS: "https://shop.example.com, https://app.example.com:8443/",
      API_KEY_RATE_LIMIT_PER_MINUTE: "120",
    }).checkout;
    expect(c).toEqual({
      maxAmountFen: 5000,
      allowedRedirectOrigins: ["https://shop.example.com", "https://app.example.com:8443"],
      allowLoopbackRedirects: false,
      apiKeyRateLimitPerMinute: 120,
    });
  });

  it("reads the webhook settings, with defaults", () => {
    expect(loadConfig({}).webhooks).toEqual({
      allowPrivate: false,
      allowLoopback: true,
      retryScale: 1,
      retentionDays: 30,
      deliveryThread: true,
      deliveryNice: 10,
    });
    const c = loadConfig({
      ...LIVE,
      WEBHOOK_ALLOW_PRIVATE: "1",
      WEBHOOK_RETRY_SCALE: "0.001",
      EVENTS_RETENTION_DAYS: "7",
      WEBHOOK_DELIVERY_THREAD: "0",
      WEBHOOK_DELIVERY_NICE: "0",
    }).webhooks;
    expect(c).toEqual({
      allowPrivate: true,
      allowLoopback: false,
      retryScale: 0.001,
      retentionDays: 7,
      deliveryThread: false,
      deliveryNice: 0,
    });
  });

  it.each([
    [{ WEBHOOK_ALLOW_PRIVATE: "yes" }, "WEBHOOK_ALLOW_PRIVATE"],
    [{ WEBHOOK_RETRY_SCALE: "0" }, "WEBHOOK_RETRY_SCALE"],
    [{ WEBHOOK_RETRY_SCALE: "2" }, "WEBHOOK_RETRY_SCALE"],
    [{ EVENTS_RETENTION_DAYS: "0" }, "EVENTS_RETENTION_DAYS"],
    [{ WEBHOOK_DELIVERY_THREAD: "yes" }, "WEBHOOK_DELIVERY_THREAD"],
    [{ WEBHOOK_DELIVERY_NICE: "20" }, "WEBHOOK_DELIVERY_NICE"],
    [{ WEBHOOK_DELIVERY_NICE: "-1" }, "WEBHOOK_DELIVERY_NICE"],
    [{ CHECKOUT_MAX_AMOUNT_FEN: "12.5" }, "CHECKOUT_MAX_AMOUNT_FEN"],
    [{ CHECKOUT_MAX_AMOUNT_FEN: "0" }, "CHECKOUT_MAX_AMOUNT_FEN"],
    [{ CHECKOUT_ALLOWED_REDIRECT_ORIGINS: "shop.example.com" }, "CHECKOUT_ALLOWED_REDIRECT_ORIGINS"],
    [{ CHECKOUT_ALLOWED_REDIRECT_ORIGINS: "https://shop.example.com/thanks" }, "CHECKOUT_ALLOWED_REDIRECT_ORIGINS"],
    [{ CHECKOUT_ALLOWED_REDIRECT_ORIGINS: "ftp://shop.example.com" }, "CHECKOUT_ALLOWED_REDIRECT_ORIGINS"],
    [{ API_KEY_RATE_LIMIT_PER_MINUTE: "-1" }, "API_KEY_RATE_LIMIT_PER_MINUTE"],
    [{ WECHAT_QUERY_RATE: "0" }, "WECHAT_QUERY_RATE"],
    [{ WECHAT_QUERY_RATE: "2.5" }, "WECHAT_QUERY_RATE"],
  ])("refuses %o", (env, name) => {
    expect(problems(env).join("\n")).toContain(name);
  });

  describe("demo mode in production", () => {
    it("refuses NODE_ENV=production without WECHAT_* unless DEMO_MODE=1, naming what is missing", () => {
      const msg = problems({ NODE_ENV: "production" }).join("\n");
      expect(msg).toContain("DEMO_MODE=1");
      for (const name of ["WECHAT_APP_ID", "WECHAT_MCH_ID", "WECHAT_API_V3_KEY", "WECHAT_PRIVATE_KEY"])
        expect(msg).toContain(name);
      expect(loadConfig({ NODE_ENV: "production", DEMO_MODE: "1" }).wechat.mode).toBe("demo");
      expect(problems({ NODE_ENV: "production", DEMO_MODE: "0" }).join("\n")).toContain("DEMO_MODE=1");
    });

    it("lets `next build` collect pages without DEMO_MODE (the rule is checked at start)", () => {
      expect(loadConfig({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }).wechat.mode).toBe("demo");
    });

    it("needs no DEMO_MODE outside production (npm start, npm run dev, tests)", () => {
      expect(loadConfig({}).wechat.mode).toBe("demo");
      expect(loadConfig({ NODE_ENV: "test" }).wechat.mode).toBe("demo");
    });

    it("refuses DEMO_MODE=1 together with live credentials", () => {
      expect(problems({ ...LIVE, DEMO_MODE: "1" }).join("\n")).toMatch(/DEMO_MODE=1 but WECHAT_\* variables are set/);
    });
  });

  describe("the public URL outside demo mode", () => {
    it.each([
      [{ ...LIVE, NEXTAUTH_URL: undefined }, /NEXTAUTH_URL is required outside demo mode/],
      [{ ...LIVE, NEXTAUTH_URL: "http://shop.example.com" }, /NEXTAUTH_URL must be https outside demo mode/],
      [{ ...LIVE, NEXTAUTH_URL: "http://10.0.0.5:3000" }, /NEXTAUTH_URL must be https/],
    ])("refuses %o", (env, pattern) => {
      expect(problems(env).join("\n")).toMatch(pattern);
    });

    it.each(["http://localhost:3000", "http://127.0.0.1:8080", "http://[::1]:3000", "https://shop.example.com"])(
      "accepts %s",
      (url) => {
        expect(loadConfig({ ...LIVE, NEXTAUTH_URL: url }).wechat.mode).toBe("live");
      },
    );

    it("marks an https public URL secure (Secure cookies, HSTS), http not", () => {
      expect(loadConfig(LIVE).http.https).toBe(true);
      expect(loadConfig({}).http.https).toBe(false);
      expect(loadConfig({ NEXTAUTH_URL: "https://demo.example.com" }).http.https).toBe(true);
    });
  });

  it("reads TRUST_PROXY_HOPS, default 0", () => {
    expect(loadConfig({}).http.trustProxyHops).toBe(0);
    expect(loadConfig({ TRUST_PROXY_HOPS: "2" }).http.trustProxyHops).toBe(2);
    expect(problems({ TRUST_PROXY_HOPS: "-1" }).join("\n")).toContain("TRUST_PROXY_HOPS");
    expect(problems({ TRUST_PROXY_HOPS: "one" }).join("\n")).toContain("TRUST_PROXY_HOPS");
    expect(problems({ TRUST_PROXY_HOPS: "11" }).join("\n")).toContain("TRUST_PROXY_HOPS");
  });

  it("reads LOG_LEVEL (default info, warn under Vitest) and METRICS_TOKEN (default off)", () => {
    expect(loadConfig({}).observability).toEqual({ logLevel: "info", metricsToken: undefined, metricsEnabled: true });
    expect(loadConfig({ LOG_LEVEL: "debug" }).observability.logLevel).toBe("debug");
    expect(loadConfig({ VITEST: "true" }).observability.logLevel).toBe("warn");
    expect(loadConfig({ VITEST: "true", LOG_LEVEL: "debug" }).observability.logLevel).toBe("debug");
    expect(problems({ LOG_LEVEL: "verbose" }).join("\n")).toContain("LOG_LEVEL");
    const token = "m".repeat(32);
    expect(loadConfig({ METRICS_TOKEN: token }).observability.metricsToken).toBe(token);
    const short = problems({ METRICS_TOKEN: "short-token" }).join("\n");
    expect(short).toContain("METRICS_TOKEN");
    expect(short).not.toContain("short-token");
  });

  it("reads the worker's settings (WORKER_*, RECONCILE_AFTER_HOUR), with defaults", () => {
    expect(loadConfig({}).worker).toEqual({
      enabled: true,
      intervalMs: 10_000,
      querySchedule: [10, 30, 60, 120, 300],
      queryEverySeconds: 60,
      refundResubmitAfterSeconds: 30,
      batch: 20,
      reconcileAfterHour: 10,
    });
    const c = loadConfig({
      WORKER_DISABLED: "1",
      WORKER_INTERVAL_MS: "500",
      WORKER_QUERY_SCHEDULE_S: " 1, 5 ,20",
      WORKER_QUERY_EVERY_S: "5",
      WORKER_REFUND_RESUBMIT_AFTER_S: "0",
      WORKER_BATCH: "50",
      RECONCILE_AFTER_HOUR: "-1",
    }).worker;
    expect(c).toEqual({
      enabled: false,
      intervalMs: 500,
      querySchedule: [1, 5, 20],
      queryEverySeconds: 5,
      refundResubmitAfterSeconds: 0,
      batch: 50,
      reconcileAfterHour: -1,
    });
    expect(loadConfig({ WORKER_DISABLED: "0" }).worker.enabled).toBe(true);
  });

  it.each([
    [{ WORKER_DISABLED: "yes" }, "WORKER_DISABLED"],
    [{ WORKER_INTERVAL_MS: "fast" }, "WORKER_INTERVAL_MS"],
    [{ WORKER_INTERVAL_MS: "50" }, "WORKER_INTERVAL_MS"],
    [{ WORKER_BATCH: "0" }, "WORKER_BATCH"],
    [{ WORKER_QUERY_EVERY_S: "1.5" }, "WORKER_QUERY_EVERY_S"],
    [{ WORKER_REFUND_RESUBMIT_AFTER_S: "-1" }, "WORKER_REFUND_RESUBMIT_AFTER_S"],
    [{ RECONCILE_AFTER_HOUR: "-2" }, "RECONCILE_AFTER_HOUR"],
    [{ RECONCILE_AFTER_HOUR: "24" }, "RECONCILE_AFTER_HOUR"],
    ...["10,5", "0", "a,b", "10,10", "1.5", "5,,10", "-1", "86401"].map((bad) => [
      { WORKER_QUERY_SCHEDULE_S: bad },
      "WORKER_QUERY_SCHEDULE_S",
    ]),
    [{ NOTIFY_POOL_SIZE: "lots" }, "NOTIFY_POOL_SIZE"],
    [{ NOTIFY_POOL_SIZE: "0" }, "NOTIFY_POOL_SIZE"],
    [{ NOTIFY_POOL_SIZE: "101" }, "NOTIFY_POOL_SIZE"],
    [{ SHUTDOWN_DRAIN_MS: "soon" }, "SHUTDOWN_DRAIN_MS"],
    [{ SHUTDOWN_TIMEOUT_MS: "10" }, "SHUTDOWN_TIMEOUT_MS"],
  ] as [Record<string, string>, string][])("refuses %o", (env, name) => {
    expect(problems(env).join("\n")).toContain(name);
  });

  it("reads the shutdown settings (SHUTDOWN_*), with defaults", () => {
    expect(loadConfig({}).shutdown).toEqual({ drainMs: 2_000, timeoutMs: 10_000 });
    expect(loadConfig({ SHUTDOWN_DRAIN_MS: "0", SHUTDOWN_TIMEOUT_MS: "30000" }).shutdown).toEqual({
      drainMs: 0,
      timeoutMs: 30_000,
    });
  });

  it("knows `next dev` (NODE_ENV=development) from the rest", () => {
    expect(loadConfig({ NODE_ENV: "development" }).development).toBe(true);
    expect(loadConfig({ NODE_ENV: "production", DEMO_MODE: "1" }).development).toBe(false);
    expect(loadConfig({}).development).toBe(false);
  });

  it("reads METRICS_DISABLED (0 or 1; metrics on by default)", () => {
    expect(loadConfig({ METRICS_DISABLED: "1" }).observability.metricsEnabled).toBe(false);
    expect(loadConfig({ METRICS_DISABLED: "0" }).observability.metricsEnabled).toBe(true);
    expect(problems({ METRICS_DISABLED: "yes" }).join("\n")).toContain("METRICS_DISABLED");
  });

  it("treats blank values as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", WECHAT_MCH_ID: "  " }).wechat.mode).toBe("demo");
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const c = loadConfig({ DATABASE_URL: "postgresql://u@127.0.0.1:5432/shop" });
    expect(c.database).toEqual({
      kind: "postgres",
      url: "postgresql://u@127.0.0.1:5432/shop",
      timeouts: { connectMs: 5_000, queryMs: 5_000 },
    });
    const tuned = loadConfig({
      DATABASE_URL: "postgresql://u@127.0.0.1:5432/shop",
      DB_CONNECT_TIMEOUT_MS: "2000",
      DB_QUERY_TIMEOUT_MS: "30000",
    });
    expect(tuned.database).toMatchObject({ timeouts: { connectMs: 2_000, queryMs: 30_000 } });
    // NOTIFY_POOL_SIZE: the hot paths' pool; unset leaves lib/db/hot-sql's default.
    expect(
      loadConfig({ DATABASE_URL: "postgresql://u@127.0.0.1:5432/shop", NOTIFY_POOL_SIZE: "16" }).database,
    ).toMatchObject({ hotPoolSize: 16 });
  });

  it("takes full live credentials, certificates mode without a public key", () => {
    const c = loadConfig(LIVE);
    expect(c.wechat.mode).toBe("live");
    if (c.wechat.mode !== "live") return;
    expect(c.wechat.publicKey).toBeNull();
    expect(c.wechat.verifyMode).toBe("certificates");
    expect(c.wechat.gateway).toBe("https://api.mch.weixin.qq.com");
    expect(c.wechat.privateKeyPem).toBe(PEM.trim());
  });

  it("WECHAT_GATEWAY_BACKUP: a URL or none; unset leaves the choice to the client (api2 for WeChat's own host)", () => {
    const backup = (env: Record<string, string>) => {
      const c = loadConfig({ ...LIVE, ...env });
      return c.wechat.mode === "live" ? c.wechat.gatewayBackup : "demo";
    };
    expect(backup({})).toBeUndefined();
    expect(backup({ WECHAT_GATEWAY_BACKUP: "none" })).toBeNull();
    expect(backup({ WECHAT_GATEWAY_BACKUP: "https://wxpay-proxy-2.internal/" })).toBe("https://wxpay-proxy-2.internal");
    expect(problems({ ...LIVE, WECHAT_GATEWAY_BACKUP: "api2" })).toEqual([
      "WECHAT_GATEWAY_BACKUP: WECHAT_GATEWAY_BACKUP must be an http(s) URL or none",
    ]);
  });

  it("WECHAT_VERIFY_MODE: public-key by default with a public key; both for a migration; needs the key", () => {
    const withKey = {
      ...LIVE,
      WECHAT_PUBLIC_KEY_ID: "PUB_KEY_ID_0114232134912410000000000001",
      WECHAT_PUBLIC_KEY: "-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----",
    };
    const mode = (env: Record<string, string>) => {
      const c = loadConfig(env);
      return c.wechat.mode === "live" ? c.wechat.verifyMode : `demo:${c.wechat.verifyMode}`;
    };
    expect(mode(withKey)).toBe("public-key");
    expect(mode({ ...withKey, WECHAT_VERIFY_MODE: "both" })).toBe("both");
    expect(mode({ ...withKey, WECHAT_VERIFY_MODE: "certificates" })).toBe("certificates");
    expect(mode({})).toBe("demo:public-key");
    expect(mode({ WECHAT_VERIFY_MODE: "both" })).toBe("demo:both");
    expect(problems({ ...LIVE, WECHAT_VERIFY_MODE: "both" }).join("\n")).toContain(
      "WECHAT_VERIFY_MODE=both needs WECHAT_PUBLIC_KEY_ID and WECHAT_PUBLIC_KEY",
    );
    expect(problems({ ...LIVE, WECHAT_VERIFY_MODE: "public-keys" }).join("\n")).toContain("WECHAT_VERIFY_MODE");
  });

  it("accepts PEM pasted on one line with \\n escapes", () => {
    const c = loadConfig({ ...LIVE, WECHAT_PRIVATE_KEY: PEM.trim().replace(/\n/g, "\\n") });
    expect(c.wechat.mode === "live" && c.wechat.privateKeyPem).toBe(PEM.trim());
  });

  it("takes public-key mode and a key file", () => {
    const env = {
      ...LIVE,
      WECHAT_PRIVATE_KEY: undefined,
      WECHAT_PRIVATE_KEY_PATH: "/keys/apiclient_key.pem",
      WECHAT_PUBLIC_KEY_ID: "PUB_KEY_ID_0114232134912410000000000000",
      WECHAT_PUBLIC_KEY: "-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----",
    };
    const c = loadConfig(env, (f) => (f === "/keys/apiclient_key.pem" ? PEM : ""));
    expect(c.wechat.mode === "live" && c.wechat.publicKey?.id).toBe("PUB_KEY_ID_0114232134912410000000000000");
    expect(c.wechat.mode === "live" && c.wechat.privateKeyPem).toBe(PEM);
  });

  it("reads the mini-program (both variables) or none", () => {
    const c = loadConfig({
      ...LIVE,
      WECHAT_MINIPROGRAM_APP_ID: "wx1234567890abcdef",
      WECHAT_MINIPROGRAM_APP_SECRET: "0123456789abcdef0123456789abcdef",
    });
    expect(c.wechat.mode === "live" && c.wechat.miniProgram).toEqual({
      appId: "wx1234567890abcdef",
      appSecret: "0123456789abcdef0123456789abcdef",
    });
    expect(loadConfig(LIVE).wechat).toMatchObject({ miniProgram: null });
  });

  it.each([
    [
      "partial credentials are an error, never demo mode",
      { WECHAT_MCH_ID: "1900000109" },
      /missing: WECHAT_APP_ID, WECHAT_APP_SECRET, WECHAT_API_V3_KEY/,
    ],
    [
      "an APIv3 key that is not 32 bytes",
      { ...LIVE, WECHAT_API_V3_KEY: "short" },
      /WECHAT_API_V3_KEY must be exactly 32 bytes/,
    ],
    [
      "a public key id without the key",
      { ...LIVE, WECHAT_PUBLIC_KEY_ID: "PUB_KEY_ID_01" },
      /WECHAT_PUBLIC_KEY_ID and WECHAT_PUBLIC_KEY go together/,
    ],
    ["both key sources", { ...LIVE, WECHAT_PRIVATE_KEY_PATH: "/k.pem" }, /both set/],
    [
      "a mini-program appid without its secret",
      { ...LIVE, WECHAT_MINIPROGRAM_APP_ID: "wx1234567890abcdef" },
      /WECHAT_MINIPROGRAM_APP_ID and WECHAT_MINIPROGRAM_APP_SECRET go together/,
    ],
    [
      "a mini-program appid that is not one",
      { ...LIVE, WECHAT_MINIPROGRAM_APP_ID: "mini", WECHAT_MINIPROGRAM_APP_SECRET: "s" },
      /WECHAT_MINIPROGRAM_APP_ID must be the mini-program's appid/,
    ],
    [
      "a mini-program in demo mode",
      { WECHAT_MINIPROGRAM_APP_ID: "wx1234567890abcdef", WECHAT_MINIPROGRAM_APP_SECRET: "s" },
      /needs live WeChat Pay credentials/,
    ],
    [
      "an unreadable key file",
      { ...LIVE, WECHAT_PRIVATE_KEY: undefined, WECHAT_PRIVATE_KEY_PATH: "/nope.pem" },
      /WECHAT_PRIVATE_KEY_PATH cannot be read/,
    ],
    [
      "a notify URL over http",
      { ...LIVE, WECHAT_NOTIFY_URL: "http://shop.example.com/notify" },
      /WECHAT_NOTIFY_URL must be a public https URL/,
    ],
    [
      "a notify URL with a query string",
      { ...LIVE, WECHAT_NOTIFY_URL: "https://shop.example.com/notify?x=1" },
      /without a query string/,
    ],
    ["a MySQL DATABASE_URL", { DATABASE_URL: "mysql://x" }, /DATABASE_URL must start with postgresql/],
    ["a short NEXTAUTH_SECRET", { NEXTAUTH_SECRET: "abc" }, /NEXTAUTH_SECRET must be at least 32/],
    ["a WeChat timeout that is not a number", { WECHAT_TIMEOUT_MS: "10s" }, /WECHAT_TIMEOUT_MS must be a number/],
    ["a database query timeout in seconds", { DB_QUERY_TIMEOUT_MS: "5s" }, /DB_QUERY_TIMEOUT_MS must be a number/],
    ["a zero connect timeout", { DB_CONNECT_TIMEOUT_MS: "0" }, /DB_CONNECT_TIMEOUT_MS must be a number/],
    [
      "a payment window under a minute",
      { PAYMENT_WINDOW_SECONDS: "30" },
      /PAYMENT_WINDOW_SECONDS must be between 60 and 7200/,
    ],
  ])("rejects %s", (_label, env, pattern) => {
    expect(problems(env).join("\n")).toMatch(pattern);
  });

  it("never echoes a secret value in its errors", () => {
    const msg = problems({ ...LIVE, WECHAT_API_V3_KEY: "this-is-the-secret-key-value" }).join("\n");
    expect(msg).toContain("WECHAT_API_V3_KEY");
    expect(msg).not.toContain("this-is-the-secret-key-value");
  });
});

describe("resolveWechatCredentials", () => {
  const demo = loadConfig({ SIMULATOR_URL: "http://127.0.0.1:3999", SIMULATOR_DATA_DIR: "/sim" }).wechat;
  const merchant = {
    gateway: "http://127.0.0.1:3100",
    mchid: "1900000109",
    appid: "wxdemo",
    appSecret: "s",
    apiV3Key: "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb",
    merchantSerialNo: "ABC",
    merchantPrivateKeyPem: PEM,
    platformPublicKeyId: "PUB_KEY_ID_1",
    platformPublicKeyPem: "pub",
    platformCertificateSerialNo: "DEF",
    platformCertificatePem: "cert",
  };

  it("reads the simulator's merchant in demo mode and points everything at SIMULATOR_URL", () => {
    const c = resolveWechatCredentials(demo, (f) => {
      expect(f).toBe("/sim/merchant.json");
      return JSON.stringify(merchant);
    });
    expect(c).toMatchObject({
      mode: "demo",
      mchId: "1900000109",
      gateway: "http://127.0.0.1:3999",
      oauthBase: "http://127.0.0.1:3999",
      publicKey: { id: "PUB_KEY_ID_1", pem: "pub" },
    });
  });

  it("explains a missing merchant file", () => {
    expect(() =>
      resolveWechatCredentials(demo, () => {
        throw new Error("ENOENT");
      }),
    ).toThrow(/start the simulator/);
  });

  describe("test mode", () => {
    it("is demo mode itself without credentials, and cannot be switched off there", () => {
      const c = loadConfig({});
      expect(c.testMode).toBe(c.wechat);
      expect(problems({ TEST_MODE: "0" })).toEqual(["TEST_MODE=0 in demo mode: demo mode is test mode only"]);
    });

    it("is off beside live credentials unless TEST_MODE=1, then the simulator on loopback, notified on loopback", () => {
      expect(loadConfig(LIVE, () => "").testMode).toBeNull();
      const c = loadConfig({ ...LIVE, TEST_MODE: "1", PORT: "8080" }, () => "");
      expect(c.wechat.mode).toBe("live");
      expect(c.testMode).toMatchObject({
        mode: "demo",
        simulatorUrl: "http://127.0.0.1:3100",
        notifyUrl: "http://127.0.0.1:8080/api/v1/payments/wechat/notify/test",
        verifyMode: "public-key",
      });
    });

    it("refuses a simulator off loopback beside live credentials", () => {
      expect(problems({ ...LIVE, TEST_MODE: "1", SIMULATOR_URL: "http://10.0.0.5:3100" })).toEqual([
        "TEST_MODE=1: SIMULATOR_URL must be a loopback address such as http://127.0.0.1:3100",
      ]);
    });
  });
});
