import "server-only";
import { ConfigError, getConfig } from "@/lib/config";
import { getWechat } from "@/lib/payments/mode-contexts";
import { deriveKey } from "./signed-value";

export const OPENID_COOKIE = "wx_openid";
export const OAUTH_STATE_COOKIE = "wx_oauth_state";
/** The openid is stable per user and appid; a week saves a redirect per visit. */
export const OPENID_MAX_AGE_S = 7 * 24 * 3600;
export const STATE_MAX_AGE_S = 10 * 60;

const keys = new Map<string, Buffer>();

/**
 * The key for the shopper's signed cookies, derived from NEXTAUTH_SECRET (npm start creates one
 * in demo mode). A demo run started some other way falls back to the simulator merchant's key.
 */
export function cookieKey(): Buffer {
  return shopperKey("shopper-cookies/v1", "the WeChat sign-in cookie");
}

/** The key for mini-program session tokens: same secret, its own label (a cookie is never a token). */
export function miniProgramTokenKey(): Buffer {
  return shopperKey("miniprogram-token/v1", "mini-program session tokens");
}

function shopperKey(label: string, what: string): Buffer {
  let key = keys.get(label);
  if (key) return key;
  const config = getConfig();
  if (config.auth.secret) key = deriveKey(config.auth.secret, label);
  else if (config.wechat.mode === "demo") key = deriveKey(getWechat(false).credentials.apiV3Key, `demo-${label}`);
  else throw new ConfigError([`NEXTAUTH_SECRET is required to sign ${what}`]);
  keys.set(label, key);
  return key;
}
