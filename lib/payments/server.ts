import "server-only";
import { getConfig, resolveWechatCredentials } from "@/lib/config";
import { observeWechatPayCall } from "@/lib/observability/wechatpay-calls";
import { createWechatContext, type WechatContext } from "./wechat-context";

// Per module instance, NOT on globalThis: Next bundles instrumentation, route handlers and
// server components as separate module graphs, each with its own copy of lib/wechatpay. A
// context shared through globalThis throws the creating graph's error classes, so another
// graph's `instanceof WechatPayError` / `WechatPayApiError` checks silently fail (a 503 became
// a 500, ORDER_NOT_EXIST went unrecognised). One context per graph costs one extra client.
let context: WechatContext | undefined;

/** The process's WeChat Pay context (client, verifier, merchant identity), built on first use. */
export function getWechat(): WechatContext {
  const config = getConfig();
  context ??= createWechatContext(resolveWechatCredentials(config.wechat), {
    timeoutMs: config.wechatTimeoutMs,
    onCall: observeWechatPayCall,
  });
  return context;
}
