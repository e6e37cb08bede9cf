import { z } from "zod";
import { signValue, verifySignedValue } from "./signed-value";

/**
 * How long a mini-program session token lives. Short: it is a bearer credential for paying as
 * this openid; the mini-program logs in again (wx.login is silent) when it has expired.
 */
export const MINIPROGRAM_TOKEN_TTL_S = 30 * 60;

const PURPOSE = "miniprogram-token/v1";

/** The body of POST /api/v1/miniprogram/session: wx.login's code (single use, five minutes). */
export const miniProgramSessionInput = z.object({ code: z.string().regex(/^[\w-]{1,128}$/, "not a wx.login code") });

export interface MiniProgramIdentity {
  openid: string;
  /** The mini-program the openid belongs to (an openid is per appid). */
  appId: string;
}

/**
 * `<base64url(JSON {sub, app, exp})>.<mac>`: the openid and its appid, never the session_key
 * (which stays with WeChat and is dropped the moment jscode2session answers).
 */
export function signMiniProgramToken(
  who: MiniProgramIdentity,
  key: Buffer,
  now: Date = new Date(),
  ttlSeconds = MINIPROGRAM_TOKEN_TTL_S,
): { token: string; expiresAt: Date } {
  const exp = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const payload = Buffer.from(JSON.stringify({ sub: who.openid, app: who.appId, exp })).toString("base64url");
  return { token: signValue(payload, key, PURPOSE), expiresAt: new Date(exp * 1000) };
}

/** The identity if the token is ours, untampered and unexpired; else null. */
export function verifyMiniProgramToken(
  token: string | undefined,
  key: Buffer,
  now: Date = new Date(),
): MiniProgramIdentity | null {
  const payload = verifySignedValue(token, key, PURPOSE);
  if (!payload) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (claims === null || typeof claims !== "object") return null;
  const { sub, app, exp } = claims as Record<string, unknown>;
  if (typeof sub !== "string" || typeof app !== "string" || typeof exp !== "number") return null;
  if (exp * 1000 <= now.getTime()) return null;
  return { openid: sub, appId: app };
}

/** The token from `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(authorization: string | null): string | undefined {
  const m = /^Bearer ([A-Za-z0-9_.-]{1,1024})$/.exec(authorization ?? "");
  return m?.[1];
}
