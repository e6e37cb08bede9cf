import "server-only";
import type { Db } from "@/lib/db/create-prisma";
import { getWechat, primaryLivemode } from "./mode-contexts";
import type { WechatContext } from "./wechat-context";

// Shopper and admin routes name an object, not a mode: the object's own mode picks the WeChat
// Pay context. An unknown id falls back to the primary context; the domain call then answers 404.

export async function wechatForOrder(db: Db, orderNo: string): Promise<WechatContext> {
  const o = await db.order.findUnique({ where: { orderNo }, select: { livemode: true } });
  return getWechat(o?.livemode ?? primaryLivemode());
}

export async function wechatForPayment(db: Db, outTradeNo: string): Promise<WechatContext> {
  const p = await db.paymentAttempt.findUnique({ where: { outTradeNo }, select: { livemode: true } });
  return getWechat(p?.livemode ?? primaryLivemode());
}

export async function wechatForRefund(db: Db, outRefundNo: string): Promise<WechatContext> {
  const r = await db.refund.findUnique({ where: { outRefundNo }, select: { livemode: true } });
  return getWechat(r?.livemode ?? primaryLivemode());
}
