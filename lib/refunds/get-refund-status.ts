import type { Db } from "@/lib/db/create-prisma";
import { NotFoundError } from "@/lib/errors/app-error";
import { syncRefund } from "@/lib/payments/sync-refund";
import type { WechatContext } from "@/lib/payments/wechat-context";
import { getLogger } from "@/lib/observability/logger";
import { assertSameMode } from "@/lib/payments/livemode";

/** Ask WeChat Pay at most this often per refund while it is PROCESSING (the UI polls every second). */
const QUERY_EVERY_MS = 5_000;

/**
 * What the refund form polls. Cheap while a notification is expected; when a PROCESSING refund
 * has not been asked about for a few seconds, it queries WeChat Pay so a lost notification still
 * ends the wait. A failed query is not an error for the reader: the stored state is answered.
 */
export async function getRefundStatus(db: Db, wechat: WechatContext, outRefundNo: string, now = Date.now()) {
  const select = {
    outRefundNo: true,
    status: true,
    amountFen: true,
    reason: true,
    failureCode: true,
    successAt: true,
    createdAt: true,
    lastQueriedAt: true,
    livemode: true,
    payment: { select: { outTradeNo: true, status: true, order: { select: { orderNo: true, status: true } } } },
  } as const;
  let refund = await db.refund.findUnique({ where: { outRefundNo }, select });
  if (!refund) throw new NotFoundError(`No refund ${outRefundNo}`);
  assertSameMode(refund.livemode, wechat.livemode);
  const lastAsked = (refund.lastQueriedAt ?? refund.createdAt).getTime();
  if (refund.status === "PROCESSING" && now - lastAsked >= QUERY_EVERY_MS) {
    try {
      await syncRefund(db, wechat, outRefundNo);
    } catch (err) {
      getLogger("refunds").warn({ err }, `refund ${outRefundNo} query failed`);
      await db.refund.update({ where: { outRefundNo }, data: { lastQueriedAt: new Date(now) } });
    }
    refund = await db.refund.findUniqueOrThrow({ where: { outRefundNo }, select });
  }
  return {
    outRefundNo: refund.outRefundNo,
    status: refund.status,
    amountFen: refund.amountFen,
    reason: refund.reason,
    failureCode: refund.failureCode,
    successAt: refund.successAt,
    outTradeNo: refund.payment.outTradeNo,
    paymentStatus: refund.payment.status,
    orderNo: refund.payment.order.orderNo,
    orderStatus: refund.payment.order.status,
  };
}
