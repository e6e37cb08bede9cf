import type { Prisma } from "@/lib/generated/prisma/client";
import type { RefundStatus } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/db/create-prisma";
import { eventsWritten } from "@/lib/events/events-written";
import type { EventType } from "@/lib/events/event-types";
import { recordEvent, recordFlaggedOnce } from "@/lib/events/record-event";
import { finishNotification, recordVerifiedNotification } from "./record-notification";
import type { ApplyOutcome, MerchantIdentity, StateSource } from "./sources";
import { refundPrecedes, refundStatesBefore } from "./state-machine";
import { updateOrderStatus } from "./update-order-status";
import { countTransition } from "./count-transition";

type Tx = Prisma.TransactionClient;

/** The fields shared by a refund notification (refund_status) and a refund API answer (status). */
export interface RefundState {
  mchid?: string;
  out_trade_no?: string;
  out_refund_no: string;
  refund_id: string;
  status: "SUCCESS" | "CLOSED" | "PROCESSING" | "ABNORMAL";
  success_time?: string;
  amount: { refund: number; total: number };
}

type StoredRefund = Prisma.RefundGetPayload<{
  include: {
    payment: { select: { id: true; orderId: true; outTradeNo: true; amountFen: true; mchid: true; status: true } };
  };
}>;

function refundMismatch(r: RefundState, stored: StoredRefund | null, merchant: MerchantIdentity): string | null {
  if (!stored) return "UNKNOWN_OUT_REFUND_NO";
  if (r.mchid !== undefined && (r.mchid !== merchant.mchId || r.mchid !== stored.payment.mchid))
    return "MCHID_MISMATCH";
  if (r.out_trade_no !== undefined && r.out_trade_no !== stored.payment.outTradeNo) return "OUT_TRADE_NO_MISMATCH";
  if (r.amount.refund !== stored.amountFen) return "AMOUNT_MISMATCH";
  if (r.amount.total !== stored.payment.amountFen) return "TOTAL_MISMATCH";
  if (stored.refundId && stored.refundId !== r.refund_id) return "REFUND_ID_MISMATCH";
  return null;
}

/**
 * Applies WeChat Pay's view of a refund (notification, query or create answer) exactly once,
 * like applyTransaction. A CLOSED refund releases its reserved amount; SUCCESS moves the payment
 * to PARTIALLY_REFUNDED or REFUNDED from the sum of successful refunds. The outbox event
 * (refund.succeeded, refund.failed, refund.abnormal; payment.flagged) shares the transaction.
 */
export async function applyRefund(
  db: Db,
  r: RefundState,
  source: StateSource,
  merchant: MerchantIdentity,
): Promise<ApplyOutcome> {
  const outcome = await applyRefundInTransaction(db, r, source, merchant);
  if (outcome.result === "TRANSITIONED" || outcome.result === "FLAGGED") eventsWritten();
  if (outcome.result === "TRANSITIONED") countTransition("refund", outcome.to, source);
  return outcome;
}

/** The event a refund's move announces (PROCESSING is not news: refund.created said it). */
const REFUND_EVENT: Partial<Record<RefundStatus, EventType>> = {
  SUCCESS: "refund.succeeded",
  CLOSED: "refund.failed",
  ABNORMAL: "refund.abnormal",
  REJECTED: "refund.failed",
};

async function applyRefundInTransaction(
  db: Db,
  r: RefundState,
  source: StateSource,
  merchant: MerchantIdentity,
): Promise<ApplyOutcome> {
  return db.$transaction(async (tx) => {
    const eventId = await recordVerifiedNotification(tx, source, r);
    if (source.kind === "notification" && !eventId) return { result: "DUPLICATE" } as const;

    const found = await tx.refund.findUnique({
      where: { outRefundNo: r.out_refund_no },
      include: {
        payment: { select: { id: true, orderId: true, outTradeNo: true, amountFen: true, mchid: true, status: true } },
      },
    });
    // The other mode's refund is not ours to touch or flag (see applyTransaction).
    const stored = found?.livemode === merchant.livemode ? found : null;
    const mismatch = refundMismatch(r, stored, merchant);
    if (mismatch || !stored) {
      const reason = mismatch ?? "UNKNOWN_OUT_REFUND_NO";
      await finishNotification(tx, eventId, {
        outcome: "FLAGGED",
        paymentId: stored?.paymentId,
        refundId: stored?.id,
        flagReason: reason,
      });
      if (stored) {
        await logRefundEvent(tx, stored, source, "REFUND_FLAGGED", null, null, { reason, status: r.status });
        await recordFlaggedOnce(tx, stored.payment.orderId, stored.livemode, {
          reason: `REFUND_${reason}`,
          outTradeNo: stored.payment.outTradeNo,
        });
      }
      return { result: "FLAGGED", reason, id: stored?.id } as const;
    }

    const outcome = await moveRefund(tx, stored, r, source);
    await finishNotification(tx, eventId, {
      outcome: outcome.result,
      paymentId: stored.paymentId,
      refundId: stored.id,
    });
    return outcome;
  });
}

async function moveRefund(tx: Tx, stored: StoredRefund, r: RefundState, source: StateSource): Promise<ApplyOutcome> {
  const target: RefundStatus = r.status;
  const seen = { refundId: r.refund_id, ...(source.kind === "query" ? { lastQueriedAt: new Date() } : {}) };
  if (stored.status === target) {
    await tx.refund.update({ where: { id: stored.id }, data: seen });
    // Every query, notification and answer is kept on the timeline, even when nothing moved.
    const type =
      source.kind === "query"
        ? "REFUND_QUERIED"
        : source.kind === "notification"
          ? "REFUND_NOTIFIED"
          : "REFUND_ANSWERED";
    await logRefundEvent(tx, stored, source, type, null, null, { status: target });
    return { result: "UNCHANGED", id: stored.id, status: stored.status };
  }
  const { count } = await tx.refund.updateMany({
    where: { id: stored.id, status: { in: refundStatesBefore(target) } },
    data: {
      ...seen,
      status: target,
      successAt: target === "SUCCESS" ? (r.success_time ? new Date(r.success_time) : new Date()) : undefined,
    },
  });
  if (count === 0) {
    const current = await tx.refund.findUniqueOrThrow({ where: { id: stored.id }, select: { status: true } });
    if (current.status === target || refundPrecedes(target, current.status))
      return { result: "UNCHANGED", id: stored.id, status: current.status };
    await logRefundEvent(tx, stored, source, "REFUND_FLAGGED", current.status, target, { reason: "STATE_CONFLICT" });
    await recordFlaggedOnce(tx, stored.payment.orderId, stored.livemode, {
      reason: "REFUND_STATE_CONFLICT",
      outTradeNo: stored.payment.outTradeNo,
    });
    return { result: "FLAGGED", reason: "STATE_CONFLICT", id: stored.id };
  }
  await logRefundEvent(tx, stored, source, "REFUND_STATE_CHANGED", stored.status, target, { refundId: r.refund_id });
  const announce = REFUND_EVENT[target];
  if (announce)
    await recordEvent(tx, {
      type: announce,
      orderId: stored.payment.orderId,
      livemode: stored.livemode,
      refundId: stored.id,
    });
  if (target === "CLOSED") await releaseReservation(tx, stored.paymentId, stored.amountFen);
  if (target === "SUCCESS") await settlePaymentRefunds(tx, stored, source);
  return { result: "TRANSITIONED", id: stored.id, from: stored.status, to: target };
}

/** A refund that moved no money gives its amount back to what may still be refunded. */
async function releaseReservation(tx: Tx, paymentId: string, amountFen: number): Promise<void> {
  await tx.paymentAttempt.update({ where: { id: paymentId }, data: { refundedFen: { decrement: amountFen } } });
}

async function settlePaymentRefunds(tx: Tx, stored: StoredRefund, source: StateSource): Promise<void> {
  const { _sum } = await tx.refund.aggregate({
    where: { paymentId: stored.paymentId, status: "SUCCESS" },
    _sum: { amountFen: true },
  });
  const refunded = _sum.amountFen ?? 0;
  const to = refunded >= stored.payment.amountFen ? "REFUNDED" : "PARTIALLY_REFUNDED";
  const from = to === "REFUNDED" ? (["PAID", "PARTIALLY_REFUNDED"] as const) : (["PAID"] as const);
  const { count } = await tx.paymentAttempt.updateMany({
    where: { id: stored.paymentId, status: { in: [...from] } },
    data: { status: to },
  });
  if (count === 1) {
    await tx.paymentEvent.create({
      data: {
        orderId: stored.payment.orderId,
        paymentId: stored.paymentId,
        type: "STATE_CHANGED",
        fromStatus: stored.payment.status,
        toStatus: to,
        detail: { source: source.kind, refundedFen: refunded },
      },
    });
    await updateOrderStatus(tx, stored.payment.orderId);
  }
}

/** WeChat Pay refused to create the refund: no money moved, the reservation is released. */
export async function markRefundRejected(db: Db, refundId: string, code: string): Promise<void> {
  const rejected = await db.$transaction(async (tx) => {
    const { count } = await tx.refund.updateMany({
      where: { id: refundId, status: "CREATED" },
      data: { status: "REJECTED", failureCode: code },
    });
    if (count === 0) return false;
    const refund = await tx.refund.findUniqueOrThrow({
      where: { id: refundId },
      include: {
        payment: { select: { id: true, orderId: true, outTradeNo: true, amountFen: true, mchid: true, status: true } },
      },
    });
    await releaseReservation(tx, refund.paymentId, refund.amountFen);
    await logRefundEvent(tx, refund, { kind: "response" }, "REFUND_STATE_CHANGED", "CREATED", "REJECTED", { code });
    await recordEvent(tx, {
      type: "refund.failed",
      orderId: refund.payment.orderId,
      livemode: refund.livemode,
      refundId,
    });
    return true;
  });
  if (rejected) eventsWritten();
}

async function logRefundEvent(
  tx: Tx,
  r: StoredRefund,
  source: StateSource,
  type: string,
  from: string | null,
  to: string | null,
  detail: Record<string, unknown>,
) {
  await tx.paymentEvent.create({
    data: {
      orderId: r.payment.orderId,
      paymentId: r.paymentId,
      refundId: r.id,
      type,
      fromStatus: from,
      toStatus: to,
      detail: {
        source: source.kind,
        outRefundNo: r.outRefundNo,
        requestId: source.requestId,
        ...detail,
      } as Prisma.InputJsonValue,
    },
  });
}
