import { ConfigError } from "@/lib/wechatpay/errors";
import { getConfig, type AppConfig } from "@/lib/config";
import { getLogger } from "@/lib/observability/logger";

/**
 * Validates the configuration at server start (instrumentation.ts, Node runtime only) and ends
 * the process on an error, printing the problems: `next start` in production without WECHAT_*
 * and without DEMO_MODE=1 exits instead of serving demo mode. Returns the configuration.
 */
export function exitOnConfigError(): AppConfig {
  try {
    return getConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    getLogger("config").fatal({ problems: err.problems }, err.message);
    return process.exit(1);
  }
}
