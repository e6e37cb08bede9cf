import { assertSameMchid } from "../auth";
import { parseRfc3339 } from "../clock";
import type { SimContext } from "../context";
import { nonce } from "../crypto/nonce";
import { hex } from "../crypto/nonce";
import { WxError, json, paramError, parseJsonObject, type SimResponse } from "../http";
import { canonicalJson, type Order, type TradeType } from "../store";
import { closeOrder, getOrder, transactionView } from "../trades";
import { closeBody, h5Order, jsapiOrder, nativeOrder, validate } from "./schemas";
import type { Route, RouteRequest } from "./types";

const PREPAY_LIFETIME_MS = 2 * 3600 * 1000;
const H5_URL_LIFETIME_MS = 5 * 60 * 1000;

function prepayId(ctx: SimContext): string {
  const stamp = new Date(ctx.clock.now() + 8 * 3600 * 1000).toISOString().replace(/\D/g, "").slice(0, 14);
  return `wx${stamp}${hex(10).toLowerCase()}`;
}

interface CommonOrder {
  appid: string;
  mchid: string;
  description: string;
  out_trade_no: string;
  time_expire?: string;
  attach?: string;
  notify_url: string;
  amount: { total: number; currency?: "CNY" };
}

/** Creates the order, or applies WeChat Pay's re-entry rules to an existing one. */
function upsertOrder(
  r: RouteRequest,
  type: TradeType,
  body: CommonOrder & { payer?: { openid: string }; scene_info?: unknown },
  raw: Record<string, unknown>,
): Order {
  const { ctx } = r;
  assertSameMchid(r.mchid, body.mchid, "body");
  // The appids bound to this mchid: the official account and the mini-program.
  if (body.appid !== ctx.identity.merchant.appid && body.appid !== ctx.identity.miniProgram.appid) {
    throw new WxError(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配 (appid does not belong to this mchid)", {
      field: "appid",
      value: body.appid,
      location: "body",
    });
  }
  // An openid is per appid: production refuses a payer from another app (PARAM_ERROR). Only
  // openids this simulator handed out are known; others pass (README: the one leniency left).
  const payerApp = body.payer ? ctx.store.openidApps.get(body.payer.openid) : undefined;
  if (payerApp !== undefined && payerApp !== body.appid)
    throw paramError("payer.openid", "appid和openid不匹配 (the openid belongs to another appid)", body.payer!.openid);
  const now = ctx.clock.now();
  let timeExpire: number | undefined;
  if (body.time_expire !== undefined) {
    timeExpire = parseRfc3339(body.time_expire);
    if (timeExpire <= now) throw paramError("time_expire", "must be in the future", body.time_expire);
  }
  const fingerprint = canonicalJson({ type, ...raw });
  const existing = getOrder(ctx, body.out_trade_no);
  if (existing) {
    if (existing.trade_state === "SUCCESS" || existing.trade_state === "REFUND")
      throw new WxError(400, "ORDERPAID", "该订单已支付 (order already paid)");
    if (existing.trade_state === "CLOSED")
      throw new WxError(400, "ORDER_CLOSED", "订单已关闭，请使用新的商户订单号 (order closed: use a new out_trade_no)");
    if (existing.fingerprint !== fingerprint) {
      throw new WxError(
        403,
        "OUT_TRADE_NO_USED",
        "商户订单号重复，且与原请求参数不一致 (out_trade_no reused with different parameters)",
      );
    }
    existing.prepay_expires_at = now + PREPAY_LIFETIME_MS;
    return existing;
  }
  const order: Order = {
    mchid: body.mchid,
    appid: body.appid,
    out_trade_no: body.out_trade_no,
    trade_type: type,
    description: body.description,
    attach: body.attach,
    notify_url: body.notify_url,
    total: body.amount.total,
    currency: body.amount.currency ?? "CNY",
    time_expire: timeExpire,
    payer_openid: body.payer?.openid,
    scene_info: body.scene_info,
    fingerprint,
    created_at: now,
    prepay_id: prepayId(ctx),
    prepay_expires_at: now + PREPAY_LIFETIME_MS,
    trade_state: "NOTPAY",
    refund_nos: [],
  };
  ctx.store.orders.set(order.out_trade_no, order);
  ctx.store.byPrepayId.set(order.prepay_id, order.out_trade_no);
  return order;
}

function payToken(r: RouteRequest, order: Order, kind: "code_url" | "h5_url", lifetimeMs: number): string {
  const token = nonce(kind === "code_url" ? 10 : 24);
  r.ctx.store.payTokens.set(token, {
    out_trade_no: order.out_trade_no,
    kind,
    expires_at: r.ctx.clock.now() + lifetimeMs,
  });
  return token;
}

function queryMchid(r: RouteRequest): void {
  const m = r.url.searchParams.get("mchid");
  if (m === null || m === "") throw paramError("mchid", "is required", undefined, "query");
  assertSameMchid(r.mchid, m, "query");
}

function orderOr404(order: Order | undefined): Order {
  if (!order) throw new WxError(404, "ORDER_NOT_EXIST", "订单不存在 (order does not exist)");
  return order;
}

export const transactionRoutes: Route[] = [
  {
    method: "POST",
    pattern: /^\/v3\/pay\/transactions\/native$/,
    endpoint: "native",
    handle(r): SimResponse {
      const raw = parseJsonObject(r.body);
      const order = upsertOrder(r, "NATIVE", validate(nativeOrder, raw), raw);
      return json(200, {
        code_url: `weixin://wxpay/bizpayurl?pr=${payToken(r, order, "code_url", PREPAY_LIFETIME_MS)}`,
      });
    },
  },
  {
    method: "POST",
    pattern: /^\/v3\/pay\/transactions\/jsapi$/,
    endpoint: "jsapi",
    handle(r): SimResponse {
      const raw = parseJsonObject(r.body);
      const order = upsertOrder(r, "JSAPI", validate(jsapiOrder, raw), raw);
      return json(200, { prepay_id: order.prepay_id });
    },
  },
  {
    method: "POST",
    pattern: /^\/v3\/pay\/transactions\/h5$/,
    endpoint: "h5",
    handle(r): SimResponse {
      const raw = parseJsonObject(r.body);
      const order = upsertOrder(r, "MWEB", validate(h5Order, raw), raw);
      return json(200, {
        h5_url: `${r.ctx.baseUrl()}/h5pay?token=${payToken(r, order, "h5_url", H5_URL_LIFETIME_MS)}`,
      });
    },
  },
  {
    method: "GET",
    pattern: /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/,
    endpoint: "query-out-trade-no",
    handle(r): SimResponse {
      queryMchid(r);
      return json(200, transactionView(orderOr404(getOrder(r.ctx, decodeURIComponent(r.params[0]!)))));
    },
  },
  {
    method: "GET",
    pattern: /^\/v3\/pay\/transactions\/id\/([^/]+)$/,
    endpoint: "query-id",
    handle(r): SimResponse {
      queryMchid(r);
      return json(200, transactionView(orderOr404(r.ctx.store.orderByTransactionId(decodeURIComponent(r.params[0]!)))));
    },
  },
  {
    method: "POST",
    pattern: /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/,
    endpoint: "close",
    handle(r): SimResponse {
      const body = validate(closeBody, parseJsonObject(r.body));
      assertSameMchid(r.mchid, body.mchid, "body");
      closeOrder(r.ctx, orderOr404(getOrder(r.ctx, decodeURIComponent(r.params[0]!))), "merchant");
      return { status: 204, body: "", sign: true };
    },
  },
];
