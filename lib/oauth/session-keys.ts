import "server-only";
import { ConfigError, getConfig } from "@/lib/config";
import { getWechat } from "@/lib/payments/mode-contexts";
import { deriveKey } from "./signed-value";

export const OPENID_COOKIE = "wx_openid";
export const OAUTH_STATE_COOKIE = "wx_oauth_state";
/** The openid is stable per user and appid; a week saves a redirect per visit. */
export const OPENID_MAX_AGE_S = 7 * 24 * 3600;
export const STATE_MAX_AGE_S = 10 * 60;

let key: Buffer | undefined;

/**
 * The key for the shopper's signed cookies, derived from NEXTAUTH_SECRET (npm start creates one
 * in demo mode). A demo run started some other way falls back to the simulator merchant's key.
 */
export function cookieKey(): Buffer {
  if (key) return key;
  const config = getConfig();
  if (config.auth.secret) key = deriveKey(config.auth.secret, "shopper-cookies/v1");
  else if (config.wechat.mode === "demo")
    key = deriveKey(getWechat(false).credentials.apiV3Key, "demo-shopper-cookies/v1");
  else throw new ConfigError(["NEXTAUTH_SECRET is required to sign the WeChat sign-in cookie"]);
  return key;
}
