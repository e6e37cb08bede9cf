import "server-only";
import { getConfig, resolveWechatCredentials } from "@/lib/config";
import { observeWechatPayCall } from "@/lib/observability/wechatpay-calls";
import { LivemodeUnavailableError, resolveMode, type Mode } from "./livemode";
import { createWechatContext, type WechatContext } from "./wechat-context";

// Per module instance, NOT on globalThis: Next bundles instrumentation, route handlers and
// server components as separate module graphs, each with its own copy of lib/wechatpay. A
// context shared through globalThis throws the creating graph's error classes, so another
// graph's `instanceof WechatPayError` / `WechatPayApiError` checks silently fail (a 503 became
// a 500, ORDER_NOT_EXIST went unrecognised). One context per graph costs one extra client.
const contexts = new Map<boolean, WechatContext>();

/**
 * The WeChat Pay context for live or test data, built on first use: live is the merchant's
 * credentials (WECHAT_*), test the bundled simulator (demo mode, or TEST_MODE=1 beside live).
 * Asking for a mode this deployment does not run is LivemodeUnavailableError (409).
 */
export function getWechat(livemode: boolean): WechatContext {
  let context = contexts.get(livemode);
  if (context) return context;
  const config = getConfig();
  const wechat = livemode ? (config.wechat.mode === "live" ? config.wechat : null) : config.testMode;
  if (!wechat) throw new LivemodeUnavailableError(livemode);
  context = createWechatContext(resolveWechatCredentials(wechat), {
    livemode,
    timeoutMs: config.wechatTimeoutMs,
    onCall: observeWechatPayCall,
  });
  contexts.set(livemode, context);
  return context;
}

/** Every context this deployment runs (the worker serves each). */
export function runningLivemodes(): boolean[] {
  const config = getConfig();
  return [...(config.wechat.mode === "live" ? [true] : []), ...(config.testMode ? [false] : [])];
}

/** The mode of a new API key or webhook endpoint (`mode` in the request; see resolveMode). */
export function modeForNew(requested: Mode | undefined): boolean {
  const running = runningLivemodes().map((live): Mode => (live ? "live" : "test"));
  return resolveMode(requested, primaryLivemode() ? "live" : "test", running);
}

/**
 * What the storefront's own orders are: live in a live deployment, test in demo mode. The
 * notify route answers for this context; test mode beside live has its own route.
 */
export function primaryLivemode(): boolean {
  return getConfig().wechat.mode === "live";
}
