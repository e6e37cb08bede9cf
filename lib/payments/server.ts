import "server-only";
import { getConfig, resolveWechatCredentials } from "@/lib/config";
import { createWechatContext, type WechatContext } from "./wechat-context";

const holder = globalThis as unknown as { __wechatContext?: WechatContext };

/** The process's WeChat Pay context (client, verifier, merchant identity), built on first use. */
export function getWechat(): WechatContext {
  holder.__wechatContext ??= createWechatContext(resolveWechatCredentials(getConfig().wechat));
  return holder.__wechatContext;
}
