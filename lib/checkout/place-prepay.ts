import type { Db } from "@/lib/db/create-prisma";
import { ConflictError, NotFoundError } from "@/lib/errors/app-error";
import type { PaymentChannel } from "@/lib/generated/prisma/enums";
import { closePayment } from "@/lib/payments/close-payment";
import { syncPayment } from "@/lib/payments/sync-payment";
import { assertSameMode } from "@/lib/payments/livemode";
import type { WechatContext } from "@/lib/payments/wechat-context";
import { WechatPayApiError } from "@/lib/wechatpay";
import { assertPayable } from "./assert-payable";
import { newOutTradeNo } from "./identifiers";
import { getConfig } from "@/lib/config";
import { isReusable, paymentWindowMs } from "./payment-window";
import { getLogger } from "@/lib/observability/logger";

export interface PrepayRequest {
  orderNo: string;
  channel: PaymentChannel;
  /** JSAPI only: the payer, from the server-side OAuth session or a mini-program session token. */
  openid?: string;
  /**
   * JSAPI only: the app the openid belongs to, when it is not the merchant's own appid (the
   * mini-program's). The attempt is placed, stored and reused for that appid only.
   */
  appid?: string;
  /** H5 only: scene_info.payer_client_ip. */
  clientIp?: string;
}

export interface PlacedPrepay {
  orderNo: string;
  outTradeNo: string;
  channel: PaymentChannel;
  amountFen: number;
  description: string;
  expiresAt: Date;
  codeUrl: string | null;
  prepayId: string | null;
  h5Url: string | null;
  reused: boolean;
}

type Attempt = {
  id: string;
  orderId: string;
  outTradeNo: string;
  channel: PaymentChannel;
  amountFen: number;
  expiresAt: Date;
  openid: string | null;
  codeUrl: string | null;
  prepayId: string | null;
  h5Url: string | null;
  mchid: string;
  appid: string;
};

const credentialOf = (a: Attempt) =>
  a.channel === "NATIVE" ? a.codeUrl : a.channel === "JSAPI" ? a.prepayId : a.h5Url;

/**
 * Places the order's prepay on one channel, or hands back the open attempt while it is valid.
 * One open attempt per order: pending attempts that cannot be reused (another channel, almost
 * expired) are closed first, so one order cannot be paid twice. The attempt is stored before
 * WeChat Pay is called; after a timeout or 5xx it stays PENDING without a credential and the
 * next call sends the same out_trade_no with the same parameters (WeChat Pay's idempotency).
 */
export async function placePrepay(
  db: Db,
  wechat: WechatContext,
  req: PrepayRequest,
  now: Date = new Date(),
): Promise<PlacedPrepay> {
  const openid = req.channel === "JSAPI" ? (req.openid ?? null) : null;
  if (req.channel === "JSAPI" && !openid) throw new ConflictError("OPENID_REQUIRED", "Sign in with WeChat first");
  const payer = { openid, appid: (req.channel === "JSAPI" && req.appid) || wechat.merchant.appId };
  await closeStaleAttempts(db, wechat, req.orderNo, req.channel, payer, now);

  const { order, attempt, created } = await db.$transaction(async (tx) => {
    // Serialises concurrent first visits so they share one attempt.
    await tx.$queryRaw`SELECT id FROM orders WHERE order_no = ${req.orderNo} FOR UPDATE`;
    const order = await tx.order.findUnique({
      where: { orderNo: req.orderNo },
      include: { payments: { where: { status: "PENDING" }, orderBy: { createdAt: "desc" } } },
    });
    if (!order) throw new NotFoundError("No such order");
    assertSameMode(order.livemode, wechat.livemode);
    assertPayable(order.status);
    assertNotExpiring(order.expiresAt, now);
    const open = order.payments.find((p) => isReusable(p, req.channel, payer, now));
    if (open) return { order, attempt: open as Attempt, created: false };
    const attempt = await tx.paymentAttempt.create({
      data: {
        orderId: order.id,
        livemode: order.livemode,
        outTradeNo: newOutTradeNo(order.orderNo),
        channel: req.channel,
        amountFen: order.totalFen,
        openid,
        mchid: wechat.merchant.mchId,
        appid: payer.appid,
        expiresAt: attemptExpiry(order.expiresAt, req.channel, now),
      },
    });
    await tx.paymentEvent.create({
      data: {
        orderId: order.id,
        paymentId: attempt.id,
        type: "PREPAY_REQUESTED",
        toStatus: "PENDING",
        detail: { channel: req.channel, outTradeNo: attempt.outTradeNo },
      },
    });
    return { order, attempt: attempt as Attempt, created: true };
  });

  // H5 links live 5 minutes at most: always ask for a fresh one for a redirect.
  let placed = attempt;
  if (!credentialOf(attempt) || attempt.channel === "H5")
    placed = await requestPrepay(db, wechat, attempt, order.description, req.clientIp);
  return {
    orderNo: order.orderNo,
    outTradeNo: placed.outTradeNo,
    channel: placed.channel,
    amountFen: placed.amountFen,
    description: order.description,
    expiresAt: placed.expiresAt,
    codeUrl: placed.codeUrl,
    prepayId: placed.prepayId,
    h5Url: placed.h5Url,
    reused: !created,
  };
}

/** An order with an expiry (a Checkout Session) takes no new attempt this close to it: the shopper could not finish. */
const ORDER_EXPIRY_MARGIN_MS = 60_000;

function assertNotExpiring(orderExpiresAt: Date | null, now: Date): void {
  if (orderExpiresAt && orderExpiresAt.getTime() - now.getTime() < ORDER_EXPIRY_MARGIN_MS)
    throw new ConflictError("ORDER_EXPIRED", "This checkout has expired");
}

/** The payment window, capped at the order's own expiry (WeChat Pay's time_expire then ends with it). */
function attemptExpiry(orderExpiresAt: Date | null, channel: PaymentChannel, now: Date): Date {
  const windowEnd = now.getTime() + paymentWindowMs(channel, getConfig().paymentWindowSeconds);
  return new Date(orderExpiresAt ? Math.min(windowEnd, orderExpiresAt.getTime()) : windowEnd);
}

async function closeStaleAttempts(
  db: Db,
  wechat: WechatContext,
  orderNo: string,
  channel: PaymentChannel,
  payer: { openid: string | null; appid: string },
  now: Date,
): Promise<void> {
  const pending = await db.paymentAttempt.findMany({
    where: { order: { orderNo }, status: "PENDING" },
    select: { outTradeNo: true, channel: true, expiresAt: true, openid: true, appid: true },
  });
  const stale = pending.filter((p) => !isReusable(p, channel, payer, now));
  if (stale.length === 0) return;
  const results = await Promise.allSettled(stale.map((p) => closePayment(db, wechat, p.outTradeNo)));
  for (const r of results)
    if (r.status === "rejected")
      getLogger("checkout").warn({ err: r.reason }, "closing a stale payment attempt failed");
  // A stale attempt may turn out to have been paid: then nothing new must be placed.
  if (results.some((r) => r.status === "fulfilled" && r.value?.result === "TRANSITIONED" && r.value.to === "PAID")) {
    throw new ConflictError("ORDER_ALREADY_PAID", "This order has already been paid");
  }
}

async function requestPrepay(
  db: Db,
  wechat: WechatContext,
  a: Attempt,
  description: string,
  clientIp?: string,
): Promise<Attempt> {
  const base = {
    outTradeNo: a.outTradeNo,
    description,
    amountFen: a.amountFen,
    notifyUrl: wechat.credentials.notifyUrl,
    timeExpire: a.expiresAt,
  };
  try {
    let data: Partial<Pick<Attempt, "codeUrl" | "prepayId" | "h5Url">>;
    let requestId: string | undefined;
    if (a.channel === "NATIVE") {
      const r = await wechat.client.createNativeOrder(base);
      data = { codeUrl: r.code_url };
      requestId = r.requestId;
    } else if (a.channel === "JSAPI") {
      const r = await wechat.client.createJsapiOrder({
        ...base,
        payerOpenid: a.openid!,
        ...(a.appid !== wechat.client.appid && { appid: a.appid }),
      });
      data = { prepayId: r.prepay_id };
      requestId = r.requestId;
    } else {
      const r = await wechat.client.createH5Order({ ...base, payerClientIp: clientIp ?? "127.0.0.1" });
      data = { h5Url: r.h5_url };
      requestId = r.requestId;
    }
    const updated = await db.paymentAttempt.update({ where: { id: a.id }, data });
    await db.paymentEvent.create({
      data: { orderId: a.orderId, paymentId: a.id, type: "PREPAY_CREATED", detail: { channel: a.channel, requestId } },
    });
    return updated as Attempt;
  } catch (err) {
    if (err instanceof WechatPayApiError && !err.retryable) {
      if (err.code === "ORDERPAID" || err.code === "ORDER_PAID") {
        await syncPayment(db, wechat, a.outTradeNo);
        throw new ConflictError("ORDER_ALREADY_PAID", "This order has already been paid");
      }
      // Refused (OUT_TRADE_NO_USED, INVALID_REQUEST, ORDER_CLOSED, a code we do not know…). The
      // out_trade_no may still exist at WeChat Pay from an earlier attempt whose answer was lost,
      // and be payable there: close it THERE first. If the close finds it paid, the query records
      // the payment; if WeChat Pay cannot be reached, the attempt stays PENDING (never closed
      // here while it might be paid) and the worker settles it.
      const closed = await closePayment(db, wechat, a.outTradeNo).catch((closeErr: unknown) => {
        getLogger("checkout").warn(
          { err: closeErr },
          `prepay ${a.outTradeNo} refused (${err.code}); closing it failed, left PENDING`,
        );
        return null;
      });
      if (closed?.result === "TRANSITIONED" && closed.to === "PAID")
        throw new ConflictError("ORDER_ALREADY_PAID", "This order has already been paid");
    }
    // Timeouts and 5xx keep the attempt: the outcome is unknown and the retry reuses it.
    throw err;
  }
}
