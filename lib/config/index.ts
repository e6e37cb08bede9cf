import { loadConfig, type AppConfig } from "./load-config";

// One ConfigError for the app and the protocol library (its errors file alone: proxy.ts and the
// logger load lib/config, and need none of the crypto).
export { ConfigError } from "@/lib/wechatpay/errors";
export type {
  MiniProgramApp,
  AppConfig,
  CheckoutConfig,
  DatabaseConfig,
  HttpConfig,
  LogLevel,
  ObservabilityConfig,
  LiveWechatConfig,
  DemoWechatConfig,
  ShutdownConfig,
  WorkerConfig,
} from "./load-config";
export { loadConfig } from "./load-config";
export { resolveWechatCredentials, type WechatCredentials } from "./wechat-credentials";

let cached: AppConfig | undefined;

/** The process's configuration, validated on first use and then kept. */
export function getConfig(): AppConfig {
  cached ??= loadConfig(process.env);
  return cached;
}
