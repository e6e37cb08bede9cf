import { ConfigError } from "@/lib/wechatpay/errors";
import { getConfig } from "./index";
import { getLogger } from "@/lib/observability/logger";

/**
 * Validates the configuration at server start (instrumentation.ts, Node runtime only) and ends
 * the process on an error, printing the problems: `next start` in production without WECHAT_*
 * and without DEMO_MODE=1 exits instead of serving demo mode.
 */
export function exitOnConfigError(): void {
  try {
    getConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    getLogger("config").fatal({ problems: err.problems }, err.message);
    process.exit(1);
  }
}
