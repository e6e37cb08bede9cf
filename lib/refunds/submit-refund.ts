import type { Db } from "@/lib/db/create-prisma";
import { NotFoundError } from "@/lib/errors/app-error";
import { applyRefund, markRefundRejected } from "@/lib/payments/apply-refund";
import { syncRefund } from "@/lib/payments/sync-refund";
import type { WechatContext } from "@/lib/payments/wechat-context";
import { ValidationError, WechatPayApiError } from "@/lib/wechatpay";
import type { RefundAnswer } from "./refund-request";
import { getLogger } from "@/lib/observability/logger";
import { assertSameMode } from "@/lib/payments/livemode";

/**
 * Sends a CREATED refund to WeChat Pay with its STORED out_refund_no and the payment's total,
 * and applies the answer like any other source of refund state. Safe to call again (the worker
 * does for CREATED refunds left by a timeout): WeChat Pay answers the same out_refund_no with the
 * same refund. A refusal is only final once a query confirms WeChat Pay has no refund by that
 * out_refund_no: an earlier attempt whose answer was lost may have been accepted (money moved),
 * and a resubmission can then be refused. Confirmed unknown → REJECTED, the reservation
 * released; found → its state is applied; the query itself failing leaves it CREATED. An
 * unknown outcome (timeout, 5xx, unverifiable answer) leaves it CREATED for a retry or a query.
 */
export async function submitRefund(db: Db, wechat: WechatContext, refundId: string): Promise<RefundAnswer> {
  const refund = await db.refund.findUnique({
    where: { id: refundId },
    include: { payment: { select: { outTradeNo: true, amountFen: true } } },
  });
  if (!refund) throw new NotFoundError(`No refund ${refundId}`);
  assertSameMode(refund.livemode, wechat.livemode);
  if (refund.status !== "CREATED") return { outRefundNo: refund.outRefundNo, status: refund.status };

  try {
    const r = await wechat.client.createRefund({
      outTradeNo: refund.payment.outTradeNo,
      outRefundNo: refund.outRefundNo,
      reason: refund.reason || undefined,
      notifyUrl: wechat.credentials.notifyUrl || undefined,
      refundFen: refund.amountFen,
      totalFen: refund.payment.amountFen,
    });
    await applyRefund(
      db,
      { ...r, out_refund_no: r.out_refund_no, refund_id: r.refund_id, status: r.status, amount: r.amount },
      { kind: "response", requestId: r.requestId },
      wechat.merchant,
    );
  } catch (err) {
    if (err instanceof WechatPayApiError && !err.retryable) {
      await settleRefusal(db, wechat, refund, err.code);
    } else if (err instanceof ValidationError) {
      // Refused before sending: nothing reached WeChat Pay, so nothing can have moved.
      await markRefundRejected(db, refund.id, `INVALID_${err.field.toUpperCase().replace(/\W/g, "_")}`);
    } else {
      getLogger("refunds").warn({ err }, `refund ${refund.outRefundNo} left CREATED`);
    }
  }
  const now = await db.refund.findUniqueOrThrow({
    where: { id: refund.id },
    select: { outRefundNo: true, status: true },
  });
  return { outRefundNo: now.outRefundNo, status: now.status };
}

/** After a refusal: what does WeChat Pay hold under this out_refund_no? Only "nothing" is REJECTED. */
async function settleRefusal(
  db: Db,
  wechat: WechatContext,
  refund: { id: string; outRefundNo: string },
  refusalCode: string,
): Promise<void> {
  try {
    await syncRefund(db, wechat, refund.outRefundNo);
  } catch (err) {
    if (err instanceof WechatPayApiError && err.code === "RESOURCE_NOT_EXISTS") {
      await markRefundRejected(db, refund.id, refusalCode);
      return;
    }
    getLogger("refunds").warn(
      { err },
      `refund ${refund.outRefundNo} refused (${refusalCode}) and its query failed: left CREATED`,
    );
  }
}
