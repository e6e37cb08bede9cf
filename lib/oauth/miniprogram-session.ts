import "server-only";
import { ConflictError, UnauthorizedError } from "@/lib/errors/app-error";
import type { MiniProgramApp } from "@/lib/config";
import { getWechat, primaryLivemode } from "@/lib/payments/mode-contexts";
import type { WechatContext } from "@/lib/payments/wechat-context";
import { exchangeMiniProgramCode } from "./jscode2session";
import {
  bearerToken,
  signMiniProgramToken,
  verifyMiniProgramToken,
  type MiniProgramIdentity,
} from "./miniprogram-token";
import { miniProgramTokenKey } from "./session-keys";

/** The mini-program a context pays for, or 409 when this deployment has none configured. */
export function miniProgramOf(wechat: WechatContext): MiniProgramApp {
  const app = wechat.credentials.miniProgram;
  if (!app)
    throw new ConflictError(
      "MINIPROGRAM_NOT_CONFIGURED",
      "No mini-program is configured (WECHAT_MINIPROGRAM_APP_ID, WECHAT_MINIPROGRAM_APP_SECRET)",
    );
  return app;
}

/**
 * wx.login's code → a short-lived token for the openid. The storefront's mini-program (the
 * primary context's, like the web OAuth); the session_key WeChat also returns is never read.
 */
export async function startMiniProgramSession(code: string): Promise<{ token: string; expiresAt: Date }> {
  const wechat = getWechat(primaryLivemode());
  const app = miniProgramOf(wechat);
  const openid = await exchangeMiniProgramCode({
    snsBase: wechat.credentials.snsBase,
    appId: app.appId,
    appSecret: app.appSecret,
    code,
  });
  return signMiniProgramToken({ openid, appId: app.appId }, miniProgramTokenKey());
}

/** The payer named by `Authorization: Bearer <token>`; 401 without one, or for a bad or expired one. */
export function miniProgramPayer(authorization: string | null, now: Date = new Date()): MiniProgramIdentity {
  const token = bearerToken(authorization);
  if (!token) throw new UnauthorizedError("Log in from the mini-program first (Authorization: Bearer <token>)");
  const who = verifyMiniProgramToken(token, miniProgramTokenKey(), now);
  if (!who) throw new UnauthorizedError("The mini-program session is invalid or has expired; log in again");
  // Issued for another mini-program (the configured one changed since): its openid is not ours.
  if (who.appId !== getWechat(primaryLivemode()).credentials.miniProgram?.appId)
    throw new UnauthorizedError("The mini-program session belongs to another mini-program; log in again");
  return who;
}
