import type { SimContext } from "../context";
import { merchantFile } from "../crypto/keys";
import { FAULT_KINDS, type FaultKind } from "../faults";
import { WxError, json, type SimResponse } from "../http";
import type { Notification } from "../notifier";
import { finishRefund, refundView } from "../refunds";
import { SIGNING_MODES, type SigningMode } from "../signer";
import { IllegalTransitionError } from "../state-machine";
import { allOrders, closeOrder, failOrder, getOrder, payOrder, transactionView } from "../trades";
import type { Route, RouteRequest } from "./types";

/** Control API answers are plain JSON, unsigned. */
const ok = (value: unknown): SimResponse => json(200, value, false);

function body(r: RouteRequest): Record<string, unknown> {
  if (r.body.trim() === "") return {};
  try {
    const v = JSON.parse(r.body) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw new WxError(400, "PARAM_ERROR", "control API body must be a JSON object");
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof IllegalTransitionError) throw new WxError(409, "INVALID_STATE", e.message);
    throw e;
  }
}

function orderOr404(ctx: SimContext, no: string) {
  const o = getOrder(ctx, decodeURIComponent(no));
  if (!o) throw new WxError(404, "ORDER_NOT_EXIST", `no order ${no}`);
  return o;
}

function orderSummary(ctx: SimContext) {
  return allOrders(ctx).map((o) => ({
    ...transactionView(o),
    trade_type: o.trade_type,
    description: o.description,
    notify_url: o.notify_url,
    prepay_id: o.prepay_id,
    created_at: new Date(o.created_at).toISOString(),
    time_expire: o.time_expire === undefined ? undefined : new Date(o.time_expire).toISOString(),
    closed_by: o.closed_by,
    refunds: o.refund_nos,
  }));
}

export function deliverySummary(n: Notification) {
  const { body: _b, reorderedBody: _r, ...rest } = n;
  return rest;
}

function notification(ctx: SimContext, ref: string): Notification {
  const n = ctx.notifier.find(decodeURIComponent(ref));
  if (!n) throw new WxError(404, "RESOURCE_NOT_EXISTS", `no notification for ${ref}`);
  return n;
}

const VARIANTS = ["resend", "duplicate", "stale-timestamp", "reordered", "signtest"] as const;

export const controlRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/_sim\/health$/,
    handle: ({ ctx }) =>
      ok({ ok: true, url: ctx.baseUrl(), mchid: ctx.identity.merchant.mchid, signingMode: ctx.signer.mode }),
  },
  { method: "GET", pattern: /^\/_sim\/merchant$/, handle: ({ ctx }) => ok(merchantFile(ctx.identity, ctx.baseUrl())) },
  { method: "GET", pattern: /^\/_sim\/orders$/, handle: ({ ctx }) => ok(orderSummary(ctx)) },
  {
    method: "GET",
    pattern: /^\/_sim\/refunds$/,
    // The control view adds what an apply-abnormal-refund carried (decrypted; account last 4 only).
    handle: ({ ctx }) =>
      ok([...ctx.store.refunds.values()].map((r) => ({ ...refundView(r), abnormal_retry: r.abnormal_retry ?? null }))),
  },
  { method: "GET", pattern: /^\/_sim\/deliveries$/, handle: ({ ctx }) => ok(ctx.notifier.all().map(deliverySummary)) },
  {
    method: "GET",
    pattern: /^\/_sim\/state$/,
    handle: ({ ctx }) =>
      ok({
        signingMode: ctx.signer.mode,
        clockOffsetSeconds: ctx.clock.offsetSeconds,
        now: new Date(ctx.clock.now()).toISOString(),
        holding: ctx.notifier.held,
        jsapiFailNext: ctx.jsapi.failNext,
        faults: ctx.faults.all(),
        orders: orderSummary(ctx),
        refunds: [...ctx.store.refunds.values()].map(refundView),
        deliveries: ctx.notifier.all().map(deliverySummary),
      }),
  },
  {
    method: "POST",
    pattern: /^\/_sim\/orders\/([^/]+)\/(pay|fail|expire)$/,
    handle(r) {
      const { ctx } = r;
      const order = orderOr404(ctx, r.params[0]!);
      const action = r.params[1];
      const b = body(r);
      guard(() => {
        if (action === "pay")
          payOrder(ctx, order, { user: typeof b.user === "string" ? b.user : undefined, notify: b.notify !== false });
        else if (action === "fail") failOrder(ctx, order);
        else closeOrder(ctx, order, "expired");
      });
      return ok(transactionView(order));
    },
  },
  {
    method: "POST",
    pattern: /^\/_sim\/clock\/advance$/,
    handle(r) {
      const seconds = Number(body(r).seconds);
      if (!Number.isFinite(seconds)) throw new WxError(400, "PARAM_ERROR", "seconds must be a number");
      r.ctx.clock.advance(seconds);
      const expired = allOrders(r.ctx)
        .filter((o) => o.closed_by === "expired")
        .map((o) => o.out_trade_no);
      return ok({ now: new Date(r.ctx.clock.now()).toISOString(), offsetSeconds: r.ctx.clock.offsetSeconds, expired });
    },
  },
  {
    method: "POST",
    pattern: /^\/_sim\/refunds\/([^/]+)\/(settle|abnormal|close)$/,
    handle(r) {
      const refund = r.ctx.store.refunds.get(decodeURIComponent(r.params[0]!));
      if (!refund) throw new WxError(404, "RESOURCE_NOT_EXISTS", `no refund ${r.params[0]}`);
      const to = ({ settle: "SUCCESS", abnormal: "ABNORMAL", close: "CLOSED" } as const)[
        r.params[1] as "settle" | "abnormal" | "close"
      ];
      guard(() => finishRefund(r.ctx, refund, to));
      return ok(refundView(refund));
    },
  },
  {
    method: "POST",
    pattern: /^\/_sim\/notifications\/hold$/,
    handle: ({ ctx }) => (ctx.notifier.hold(), ok({ holding: true })),
  },
  {
    method: "POST",
    pattern: /^\/_sim\/notifications\/release$/,
    async handle(r) {
      const reverse = body(r).reverse !== false;
      const released = await r.ctx.notifier.release(reverse);
      return ok({
        holding: false,
        order: released.map((n) => ({ id: n.id, event_type: n.event_type, status: n.status })),
      });
    },
  },
  {
    method: "POST",
    pattern: /^\/_sim\/notifications\/([^/]+)\/([a-z-]+)$/,
    async handle(r) {
      const variant = r.params[1] as (typeof VARIANTS)[number];
      if (!VARIANTS.includes(variant))
        throw new WxError(404, "NOT_FOUND", `unknown delivery mode ${variant}; one of ${VARIANTS.join(", ")}`);
      const n = notification(r.ctx, r.params[0]!);
      const count = variant === "duplicate" ? Math.max(2, Math.min(20, Number(body(r).count ?? 2) || 2)) : 1;
      const attempts = await r.ctx.notifier.deliver(n, variant, count);
      return ok({ id: n.id, event_type: n.event_type, url: n.url, attempts });
    },
  },
  {
    method: "POST",
    pattern: /^\/_sim\/signtest$/,
    async handle(r) {
      const b = body(r);
      let url = typeof b.url === "string" ? b.url : undefined;
      if (!url && typeof b.out_trade_no === "string") url = orderOr404(r.ctx, b.out_trade_no).notify_url;
      if (!url) url = allOrders(r.ctx).at(-1)?.notify_url;
      if (!url) throw new WxError(400, "PARAM_ERROR", "give url or out_trade_no (no orders yet)");
      return ok(await r.ctx.notifier.probe(url));
    },
  },
  {
    method: "POST",
    pattern: /^\/_sim\/signing-mode$/,
    handle(r) {
      const mode = body(r).mode as SigningMode;
      if (!SIGNING_MODES.includes(mode))
        throw new WxError(400, "PARAM_ERROR", `mode must be one of ${SIGNING_MODES.join(", ")}`);
      r.ctx.signer.mode = mode;
      return ok({ signingMode: mode });
    },
  },
  { method: "GET", pattern: /^\/_sim\/faults$/, handle: ({ ctx }) => ok(ctx.faults.all()) },
  {
    method: "POST",
    pattern: /^\/_sim\/faults$/,
    handle(r) {
      const b = body(r);
      try {
        const fault = r.ctx.faults.add({
          endpoint: typeof b.endpoint === "string" ? b.endpoint : "*",
          kind: b.kind as FaultKind,
          rate: b.rate === undefined ? 1 : Number(b.rate),
          latencyMs: b.latencyMs === undefined ? undefined : Number(b.latencyMs),
          phase: b.phase === "after" ? "after" : "before",
          count: b.count === undefined ? undefined : Number(b.count),
          status: b.status === undefined ? undefined : Number(b.status),
          code: typeof b.code === "string" ? b.code : undefined,
        });
        return ok(fault);
      } catch (e) {
        throw new WxError(400, "PARAM_ERROR", `${(e as Error).message} (kinds: ${FAULT_KINDS.join(", ")})`);
      }
    },
  },
  {
    method: "DELETE",
    pattern: /^\/_sim\/faults$/,
    handle: ({ ctx, url }) => ok({ cleared: ctx.faults.clear(url.searchParams.get("endpoint") ?? undefined) }),
  },
  {
    method: "POST",
    pattern: /^\/_sim\/jsapi\/fail-next$/,
    handle(r) {
      r.ctx.jsapi.failNext += Math.max(1, Number(body(r).count ?? 1) || 1);
      return ok({ failNext: r.ctx.jsapi.failNext });
    },
  },
];
