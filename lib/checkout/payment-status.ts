import type { Db } from "@/lib/db/create-prisma";
import { NotFoundError } from "@/lib/errors/app-error";
import type { OrderStatus, PaymentStatus } from "@/lib/generated/prisma/enums";
import { closePayment } from "@/lib/payments/close-payment";
import { syncPayment } from "@/lib/payments/sync-payment";
import type { WechatContext } from "@/lib/payments/wechat-context";
import { getLogger } from "@/lib/observability/logger";

/** What the payment page polls: `GET /api/v1/payments/wechat/payment/:outTradeNo`. */
export interface PaymentStatusView {
  outTradeNo: string;
  status: PaymentStatus;
  orderNo: string;
  orderStatus: OrderStatus;
  amountFen: number;
  expiresAt: string;
  paidAt: string | null;
}

/** Ask WeChat Pay about a pending attempt when nobody has for this long. */
export const ACTIVE_QUERY_AFTER_MS = 3_000;

const select = {
  id: true,
  outTradeNo: true,
  status: true,
  amountFen: true,
  expiresAt: true,
  paidAt: true,
  createdAt: true,
  lastQueriedAt: true,
  codeUrl: true,
  prepayId: true,
  h5Url: true,
  order: { select: { orderNo: true, status: true } },
} as const;

async function load(db: Db, outTradeNo: string) {
  const p = await db.paymentAttempt.findUnique({ where: { outTradeNo }, select });
  if (!p) throw new NotFoundError("No such payment");
  return p;
}

function view(p: Awaited<ReturnType<typeof load>>): PaymentStatusView {
  return {
    outTradeNo: p.outTradeNo,
    status: p.status,
    orderNo: p.order.orderNo,
    orderStatus: p.order.status,
    amountFen: p.amountFen,
    expiresAt: p.expiresAt.toISOString(),
    paidAt: p.paidAt?.toISOString() ?? null,
  };
}

/**
 * The cheap status read: one indexed row. While the attempt is pending and placed at WeChat
 * Pay, at most one poll per ACTIVE_QUERY_AFTER_MS (a conditional update claims the slot, so
 * many tabs or instances do not stampede) also runs the active query, so a lost notification
 * still ends in "paid". A failing query leaves the stored state as the answer.
 */
export async function readPaymentStatus(
  db: Db,
  wechat: WechatContext,
  outTradeNo: string,
  now: Date = new Date(),
): Promise<PaymentStatusView> {
  const p = await load(db, outTradeNo);
  if (p.status !== "PENDING" || !(p.codeUrl || p.prepayId || p.h5Url)) return view(p);
  const cutoff = new Date(now.getTime() - ACTIVE_QUERY_AFTER_MS);
  if ((p.lastQueriedAt ?? p.createdAt) > cutoff) return view(p);
  const { count } = await db.paymentAttempt.updateMany({
    where: { id: p.id, status: "PENDING", OR: [{ lastQueriedAt: null }, { lastQueriedAt: { lt: cutoff } }] },
    data: { lastQueriedAt: now },
  });
  if (count === 0) return view(p);
  try {
    await syncPayment(db, wechat, outTradeNo);
  } catch (err) {
    getLogger("checkout").warn({ err }, "active query failed; answering from the database");
    return view(p);
  }
  return view(await load(db, outTradeNo));
}

/** `GET query/:outTradeNo`: the active query now, then the stored view. */
export async function queryPaymentNow(db: Db, wechat: WechatContext, outTradeNo: string): Promise<PaymentStatusView> {
  await load(db, outTradeNo);
  await syncPayment(db, wechat, outTradeNo);
  return view(await load(db, outTradeNo));
}

/** `POST close`: closes a pending attempt (the "new code" button closes, then places anew). */
export async function closePaymentAttempt(
  db: Db,
  wechat: WechatContext,
  outTradeNo: string,
): Promise<PaymentStatusView> {
  await load(db, outTradeNo);
  await closePayment(db, wechat, outTradeNo);
  return view(await load(db, outTradeNo));
}
