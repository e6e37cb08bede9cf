import type { SimContext } from "../context";
import { paySignMessage } from "../crypto/sign";
import { rsaVerify } from "../crypto/verify";
import { json, type SimResponse } from "../http";
import { formatYuan } from "../pages/layout";
import type { Order } from "../store";
import { failOrder, payBlocker, payOrder } from "../trades";
import type { Route, RouteRequest } from "./types";

interface PayParams {
  appId?: unknown;
  timeStamp?: unknown;
  nonceStr?: unknown;
  package?: unknown;
  signType?: unknown;
  paySign?: unknown;
}

const answer = (value: Record<string, unknown>): SimResponse => ({
  ...json(200, value, false),
  headers: { "Content-Type": "application/json; charset=utf-8", "Access-Control-Allow-Origin": "*" },
});

/**
 * Checks pay parameters the way WeChat does: paySign against the merchant key, over the appid
 * of the app paying. In a web page (WeixinJSBridge) the page names it (`appId`); in a
 * mini-program it is the mini-program's own (`inApp`), and the prepay must be for that appid.
 */
export function checkPayParams(ctx: SimContext, raw: string, inApp?: string): { order: Order } | { error: string } {
  let p: PayParams;
  try {
    p = JSON.parse(raw) as PayParams;
  } catch {
    return { error: "parameters are not JSON" };
  }
  if (p === null || typeof p !== "object") return { error: "parameters must be an object" };
  for (const k of ["timeStamp", "nonceStr", "package", "paySign"] as const) {
    if (typeof p[k] !== "string" || p[k] === "") return { error: `missing ${k}` };
  }
  if (p.signType !== "RSA") return { error: "signType must be RSA" };
  const m = /^prepay_id=(wx\w+)$/.exec(p.package as string);
  if (!m) return { error: "package must be prepay_id=…" };
  const order = ctx.store.orderByPrepayId(m[1]!);
  if (!order) return { error: "prepay_id does not exist" };
  const appId = inApp ?? p.appId;
  if (typeof appId !== "string" || appId === "") return { error: "missing appId" };
  if (appId !== order.appid) return { error: "appId does not match the order (the prepay was placed for another app)" };
  if (!/^\d{1,12}$/.test(p.timeStamp as string)) return { error: "timeStamp must be Unix seconds as a string" };
  const message = paySignMessage(appId, p.timeStamp as string, p.nonceStr as string, p.package as string);
  if (!rsaVerify(message, p.paySign as string, ctx.identity.merchantPublicKey))
    return { error: "支付验证签名失败 (paySign does not verify)" };
  const blocker = payBlocker(ctx, order);
  if (blocker) return { error: blocker };
  return { order };
}

export const jsapiRoutes: Route[] = [
  {
    method: "POST",
    pattern: /^\/_sim\/jsapi\/check$/,
    handle({ ctx, body }: RouteRequest) {
      const c = checkPayParams(ctx, body);
      if ("error" in c) return answer({ ok: false, err_desc: c.error });
      return answer({
        ok: true,
        merchantName: ctx.identity.merchant.merchantName,
        description: c.order.description,
        amount: c.order.total,
        amountText: formatYuan(c.order.total),
      });
    },
  },
  {
    method: "POST",
    pattern: /^\/_sim\/jsapi\/pay$/,
    handle({ ctx, body }: RouteRequest) {
      const c = checkPayParams(ctx, body);
      if ("error" in c) return answer({ ok: false, err_desc: c.error });
      if (ctx.jsapi.failNext > 0) {
        ctx.jsapi.failNext--;
        failOrder(ctx, c.order);
        return answer({ ok: false, err_desc: "模拟支付失败 (simulated payment failure)" });
      }
      payOrder(ctx, c.order);
      return answer({ ok: true });
    },
  },
];
