import { openidFor } from "../crypto/keys";
import { nonce } from "../crypto/nonce";
import { html, json, redirect, type SimResponse } from "../http";
import { messagePage } from "../pages/layout";
import { DEFAULT_USER } from "../trades";
import type { Route, RouteRequest } from "./types";

const CODE_LIFETIME_MS = 5 * 60 * 1000;

/** The simulated WeChat user: ?sim_user=… or the sim_user cookie, default one stable user. */
export function simUser(r: RouteRequest): string {
  const q = r.url.searchParams.get("sim_user");
  if (q && /^[\w.-]{1,32}$/.test(q)) return q;
  const cookie = /(?:^|;\s*)sim_user=([\w.-]{1,32})/.exec(r.headers.cookie ?? "");
  return cookie?.[1] ?? DEFAULT_USER;
}

/** WeChat's sns answers: HTTP 200 with errcode/errmsg. */
export const wxError = (errcode: number, errmsg: string): SimResponse => json(200, { errcode, errmsg }, false);

/** The user's openid under this appid, remembered so a prepay naming another appid is refused. */
export function issueOpenid(ctx: RouteRequest["ctx"], appid: string, user: string): string {
  const openid = openidFor(ctx.identity, appid, user);
  ctx.store.openidApps.set(openid, appid);
  return openid;
}

export const oauthRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/connect\/oauth2\/authorize$/,
    handle(r): SimResponse {
      const q = r.url.searchParams;
      const appid = q.get("appid");
      const redirectUri = q.get("redirect_uri");
      const scope = q.get("scope");
      if (appid !== r.ctx.identity.merchant.appid)
        return html(
          messagePage("参数错误 Invalid appid", `appid ${appid ?? "(missing)"} is not the demo merchant's appid.`),
          400,
        );
      if (q.get("response_type") !== "code")
        return html(messagePage("参数错误 Invalid request", "response_type must be code."), 400);
      if (scope !== "snsapi_base" && scope !== "snsapi_userinfo")
        return html(messagePage("scope 参数错误 Invalid scope", "scope must be snsapi_base."), 400);
      let target: URL;
      try {
        target = new URL(redirectUri ?? "");
        if (target.protocol !== "http:" && target.protocol !== "https:") throw new Error("scheme");
      } catch {
        return html(
          messagePage("redirect_uri 参数错误 Invalid redirect_uri", "redirect_uri must be an absolute http(s) URL."),
          400,
        );
      }
      const user = simUser(r);
      const code = nonce(32);
      r.ctx.store.oauthCodes.set(code, { appid, user, expires_at: r.ctx.clock.now() + CODE_LIFETIME_MS });
      target.searchParams.set("code", code);
      const state = q.get("state");
      if (state !== null) target.searchParams.set("state", state);
      const res = redirect(target.toString());
      res.headers!["Set-Cookie"] = `sim_user=${user}; Path=/; SameSite=Lax`;
      return res;
    },
  },
  {
    method: "GET",
    pattern: /^\/sns\/oauth2\/access_token$/,
    handle(r): SimResponse {
      const q = r.url.searchParams;
      const { appid, appSecret } = r.ctx.identity.merchant;
      if (q.get("appid") !== appid) return wxError(40013, "invalid appid");
      if (q.get("secret") !== appSecret) return wxError(40125, "invalid appsecret");
      if (q.get("grant_type") !== "authorization_code") return wxError(40002, "invalid grant_type");
      const code = q.get("code") ?? "";
      const entry = r.ctx.store.oauthCodes.get(code);
      r.ctx.store.oauthCodes.delete(code); // single use, even when it fails below
      if (!entry || entry.appid !== appid || entry.expires_at < r.ctx.clock.now())
        return wxError(40029, "invalid code");
      return json(
        200,
        {
          access_token: nonce(64),
          expires_in: 7200,
          refresh_token: nonce(64),
          openid: issueOpenid(r.ctx, appid, entry.user),
          scope: "snsapi_base",
        },
        false,
      );
    },
  },
];
