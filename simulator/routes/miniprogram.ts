import { nonce } from "../crypto/nonce";
import { json, type SimResponse } from "../http";
import { failOrder, payOrder } from "../trades";
import { checkPayParams } from "./jsapi";
import { issueOpenid, simUser, wxError } from "./oauth";
import type { Route, RouteRequest } from "./types";

// wx.login codes live five minutes and are single use (developers.weixin.qq.com, code2Session).
const CODE_LIFETIME_MS = 5 * 60 * 1000;

const answer = (value: Record<string, unknown>): SimResponse => json(200, value, false);

/**
 * The merchant's mini-program as WeChat serves it: wx.login mints a code
 * (`POST /_sim/miniprogram/login`), `GET /sns/jscode2session` trades it for the openid under the
 * mini-program's appid, and wx.requestPayment (`POST /_sim/miniprogram/request-payment`) checks
 * the paySign over the mini-program's appid before paying.
 */
export const miniProgramRoutes: Route[] = [
  {
    method: "POST",
    pattern: /^\/_sim\/miniprogram\/login$/,
    handle(r: RouteRequest): SimResponse {
      let user = simUser(r);
      try {
        const body = r.body ? (JSON.parse(r.body) as { user?: unknown }) : {};
        if (typeof body.user === "string" && /^[\w.-]{1,32}$/.test(body.user)) user = body.user;
      } catch {
        /* no body: the default user */
      }
      const code = nonce(32);
      const { appid } = r.ctx.identity.miniProgram;
      r.ctx.store.loginCodes.set(code, { appid, user, expires_at: r.ctx.clock.now() + CODE_LIFETIME_MS });
      return answer({ code, appid });
    },
  },
  {
    method: "GET",
    pattern: /^\/sns\/jscode2session$/,
    handle(r: RouteRequest): SimResponse {
      const q = r.url.searchParams;
      const { appid, appSecret } = r.ctx.identity.miniProgram;
      if (q.get("appid") !== appid) return wxError(40013, "invalid appid");
      if (q.get("secret") !== appSecret) return wxError(40125, "invalid appsecret");
      if (q.get("grant_type") !== "authorization_code") return wxError(40002, "invalid grant_type");
      const code = q.get("js_code") ?? "";
      if (code === "") return wxError(41008, "missing code");
      const entry = r.ctx.store.loginCodes.get(code);
      if (entry?.used) return wxError(40163, "code been used");
      if (!entry || entry.appid !== appid || entry.expires_at < r.ctx.clock.now())
        return wxError(40029, "invalid code");
      entry.used = true; // kept (not deleted) so a second use answers 40163 as WeChat does
      return answer({ openid: issueOpenid(r.ctx, appid, entry.user), session_key: nonce(24) });
    },
  },
  {
    method: "POST",
    pattern: /^\/_sim\/miniprogram\/request-payment$/,
    handle({ ctx, body }: RouteRequest): SimResponse {
      const c = checkPayParams(ctx, body, ctx.identity.miniProgram.appid);
      if ("error" in c) return answer({ ok: false, errMsg: `requestPayment:fail ${c.error}` });
      if (ctx.jsapi.failNext > 0) {
        ctx.jsapi.failNext--;
        failOrder(ctx, c.order);
        return answer({ ok: false, errMsg: "requestPayment:fail 模拟支付失败 (simulated payment failure)" });
      }
      payOrder(ctx, c.order);
      return answer({ ok: true, errMsg: "requestPayment:ok" });
    },
  },
];
