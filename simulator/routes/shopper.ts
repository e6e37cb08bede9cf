import type { SimContext } from "../context";
import { openidFor } from "../crypto/keys";
import { html, parseForm, redirect, text, type SimResponse } from "../http";
import { consolePage } from "../pages/console";
import { escapeHtml, formatYuan, layout, messagePage } from "../pages/layout";
import { payPage } from "../pages/pay";
import { jsbridgeScript } from "../pages/jsbridge";
import type { Order, PayToken } from "../store";
import { allOrders, getOrder, payBlocker, payOrder } from "../trades";
import { jsapiRoutes } from "./jsapi";
import { simUser } from "./oauth";
import type { Route, RouteRequest } from "./types";

function token(ctx: SimContext, value: string | null, kind: PayToken["kind"]): { order?: Order; problem?: string } {
  const t = value ? ctx.store.payTokens.get(value) : undefined;
  if (!t || t.kind !== kind) return { problem: "无效的支付链接 (unknown payment link)" };
  if (t.expires_at < ctx.clock.now())
    return {
      problem: kind === "code_url" ? "二维码已过期 (QR code expired)" : "支付链接已过期 (payment link expired)",
    };
  return { order: getOrder(ctx, t.out_trade_no) };
}

function codeUrlToken(codeUrl: string | null): string | null {
  if (!codeUrl) return null;
  const m = /^weixin:\/\/wxpay\/bizpayurl\?pr=([0-9A-Za-z]+)$/.exec(codeUrl);
  return m?.[1] ?? null;
}

function pay(r: RouteRequest, order: Order): string | undefined {
  const blocker = payBlocker(r.ctx, order);
  if (blocker) return blocker;
  payOrder(r.ctx, order, { user: simUser(r) });
  return undefined;
}

function scanList(ctx: SimContext): string {
  const open = allOrders(ctx).filter((o) => o.trade_state === "NOTPAY" || o.trade_state === "PAYERROR");
  const items = open
    .map(
      (o) =>
        `<li><a href="/scan?out_trade_no=${encodeURIComponent(o.out_trade_no)}"><strong>${escapeHtml(formatYuan(o.total))}</strong> ${escapeHtml(o.description)}<br><span class="muted">${escapeHtml(o.trade_type)} · ${escapeHtml(o.out_trade_no)}</span></a></li>`,
    )
    .join("");
  return layout(
    "扫一扫 Scan",
    `<h1>扫一扫 Scan</h1><p class="muted">Open orders waiting for payment — pick one, or open a code_url as /scan?code_url=…</p>${
      items ? `<ul class="orders">${items}</ul>` : `<div class="card">没有待支付的订单 No open orders</div>`
    }`,
  );
}

function orderPage(
  r: RouteRequest,
  order: Order,
  action: string,
  hidden: Record<string, string>,
  title: string,
): SimResponse {
  const blocker = payBlocker(r.ctx, order);
  if (blocker) return html(messagePage("无法支付 Cannot pay", blocker), 409);
  return html(
    payPage({
      title,
      merchantName: r.ctx.identity.merchant.merchantName,
      description: order.description,
      amountFen: order.total,
      action,
      hidden: { ...hidden, sim_user: simUser(r) },
      note: `${order.out_trade_no} · payer ${openidFor(r.ctx.identity, order.appid, simUser(r))}`,
    }),
  );
}

export const shopperRoutes: Route[] = [
  { method: "GET", pattern: /^\/(?:console)?$/, handle: ({ ctx }) => html(consolePage(ctx)) },
  {
    method: "GET",
    pattern: /^\/_sim\/jsbridge\.js$/,
    handle: ({ ctx }) => ({
      ...text(200, jsbridgeScript(ctx.baseUrl()), "application/javascript; charset=utf-8"),
      headers: {
        "Content-Type": "application/javascript; charset=utf-8",
        "Access-Control-Allow-Origin": "*",
        "Cache-Control": "no-store",
      },
    }),
  },
  ...jsapiRoutes,
  {
    method: "GET",
    pattern: /^\/scan$/,
    handle(r) {
      const q = r.url.searchParams;
      if (q.has("code_url")) {
        const { order, problem } = token(r.ctx, codeUrlToken(q.get("code_url")), "code_url");
        if (!order) return html(messagePage("无法支付 Cannot pay", problem ?? "订单不存在"), 404);
        return orderPage(r, order, "/scan", { out_trade_no: order.out_trade_no }, "确认付款 Confirm payment");
      }
      const no = q.get("out_trade_no");
      if (no) {
        const order = getOrder(r.ctx, no);
        if (!order) return html(messagePage("无法支付 Cannot pay", "订单不存在 (order does not exist)"), 404);
        return orderPage(r, order, "/scan", { out_trade_no: order.out_trade_no }, "确认付款 Confirm payment");
      }
      return html(scanList(r.ctx));
    },
  },
  {
    method: "POST",
    pattern: /^\/scan$/,
    handle(r) {
      const form = parseForm(r.body);
      const order = getOrder(r.ctx, form.get("out_trade_no") ?? "");
      if (!order) return html(messagePage("无法支付 Cannot pay", "订单不存在 (order does not exist)"), 404);
      if (form.get("decision") !== "pay")
        return html(messagePage("已取消 Payment cancelled", "你已取消支付。You cancelled the payment."));
      const problem = pay(r, order);
      if (problem) return html(messagePage("无法支付 Cannot pay", problem), 409);
      return html(messagePage("支付成功 Payment successful", `${formatYuan(order.total)} · ${order.description}`));
    },
  },
  {
    method: "GET",
    pattern: /^\/h5pay$/,
    handle(r) {
      const q = r.url.searchParams;
      const { order, problem } = token(r.ctx, q.get("token"), "h5_url");
      if (!order) return html(messagePage("无法支付 Cannot pay", problem ?? "订单不存在"), 404);
      return orderPage(
        r,
        order,
        "/h5pay",
        { token: q.get("token") ?? "", redirect_url: q.get("redirect_url") ?? "" },
        "微信支付 WeChat Pay",
      );
    },
  },
  {
    method: "POST",
    pattern: /^\/h5pay$/,
    handle(r) {
      const form = parseForm(r.body);
      const { order, problem } = token(r.ctx, form.get("token"), "h5_url");
      if (!order) return html(messagePage("无法支付 Cannot pay", problem ?? "订单不存在"), 404);
      let outcome: string | undefined;
      if (form.get("decision") === "pay") outcome = pay(r, order);
      if (outcome) return html(messagePage("无法支付 Cannot pay", outcome), 409);
      const back = form.get("redirect_url") ?? "";
      if (/^https?:\/\//.test(back)) return redirect(back);
      const title = form.get("decision") === "pay" ? "支付成功 Payment successful" : "已取消 Payment cancelled";
      return html(messagePage(title, "No redirect_url was given, so there is nowhere to return to."));
    },
  },
];
