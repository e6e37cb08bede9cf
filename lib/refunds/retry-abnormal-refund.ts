import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Db } from "@/lib/db/create-prisma";
import { ConflictError, NotFoundError } from "@/lib/errors/app-error";
import { auditRow } from "@/lib/auth/audit-row";
import { applyRefund } from "@/lib/payments/apply-refund";
import type { WechatContext } from "@/lib/payments/wechat-context";
import type { AbnormalRefundChoice } from "./abnormal-refund-input";
import { assertSameMode } from "@/lib/payments/livemode";

/**
 * Settles an ABNORMAL refund (the payer's card was closed, an account frozen) through WeChat
 * Pay's apply-abnormal-refund: to the payer's bank card (account and name encrypted with WeChat
 * Pay's key, never stored here) or to the merchant's. The refund stays ABNORMAL here, its
 * amount still reserved, until WeChat Pay reports SUCCESS or CLOSED (notification or the
 * worker's query); the request is on the timeline and in the audit log (account: last 4 only).
 */
export async function retryAbnormalRefund(
  db: Db,
  wechat: WechatContext,
  outRefundNo: string,
  choice: AbnormalRefundChoice,
  actor: AdminIdentity,
  opts: { ip?: string } = {},
): Promise<{ outRefundNo: string; status: string }> {
  const refund = await db.refund.findUnique({
    where: { outRefundNo },
    include: { payment: { select: { orderId: true, order: { select: { orderNo: true } } } } },
  });
  if (!refund) throw new NotFoundError(`No refund ${outRefundNo.slice(0, 64)}`);
  assertSameMode(refund.livemode, wechat.livemode);
  if (refund.status !== "ABNORMAL" || !refund.refundId)
    throw new ConflictError(
      "REFUND_NOT_ABNORMAL",
      `Only an ABNORMAL refund can be sent to a bank card (this one is ${refund.status})`,
    );

  const key = choice.type === "USER_BANK_CARD" ? await wechat.encryptionKey() : null;
  const answer = await wechat.client.applyAbnormalRefund(
    choice.type === "USER_BANK_CARD"
      ? { refundId: refund.refundId, outRefundNo, ...choice }
      : { refundId: refund.refundId, outRefundNo, type: "MERCHANT_BANK_CARD" },
    key,
  );
  const detail = {
    type: choice.type,
    ...(choice.type === "USER_BANK_CARD"
      ? { bankType: choice.bankType, accountLast4: choice.bankAccount.slice(-4) }
      : {}),
    answeredStatus: answer.status,
    requestId: answer.requestId ?? null,
  };
  await db.$transaction([
    db.paymentEvent.create({
      data: {
        orderId: refund.payment.orderId,
        paymentId: refund.paymentId,
        refundId: refund.id,
        type: "REFUND_ABNORMAL_RETRY",
        detail: { outRefundNo, ...detail },
      },
    }),
    db.auditLog.create({
      data: auditRow(actor, {
        action: "REFUND_ABNORMAL_RETRY",
        target: { type: "refund", id: outRefundNo },
        orderNo: refund.payment.order.orderNo,
        detail,
        ip: opts.ip,
      }),
    }),
  ]);
  // PROCESSING again at WeChat Pay: recorded as seen (ABNORMAL stays until it settles).
  await applyRefund(
    db,
    {
      ...answer,
      out_refund_no: answer.out_refund_no,
      refund_id: answer.refund_id,
      status: answer.status,
      amount: answer.amount,
    },
    { kind: "response", requestId: answer.requestId },
    wechat.merchant,
  );
  const now = await db.refund.findUniqueOrThrow({ where: { id: refund.id }, select: { status: true } });
  return { outRefundNo, status: now.status };
}
