import type { Prisma } from "@/lib/generated/prisma/client";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/db/create-prisma";
import type { Transaction } from "@/lib/wechatpay";
import { eventsWritten } from "@/lib/events/events-written";
import { recordEvent, recordFlaggedOnce } from "@/lib/events/record-event";
import { logQueryEvent } from "./log-query-event";
import { finishNotification, recordVerifiedNotification } from "./record-notification";
import { prismaRunner, type SqlRunner } from "@/lib/db/hot-sql";
import { announcePaymentStatus } from "./status-push/payment-status-hub";
import type { ApplyOutcome, MerchantIdentity, StateSource } from "./sources";
import { paymentStatesBefore, paymentStatusForTradeState } from "./state-machine";
import { updateOrderStatus } from "./update-order-status";
import { countTransition } from "./count-transition";

type Tx = Prisma.TransactionClient;
type StoredPayment = {
  id: string;
  orderId: string;
  livemode: boolean;
  status: PaymentStatus;
  amountFen: number;
  mchid: string;
  appid: string;
  transactionId: string | null;
};

// One runner per client, so announcePaymentStatus batches the NOTIFYs of concurrent transitions.
const runners = new WeakMap<Db, SqlRunner>();
const notifyRunner = (db: Db) => runners.get(db) ?? runners.set(db, prismaRunner(db)).get(db)!;

/** Why a verified transaction must not be applied to the payment it names (null: it may). */
function transactionMismatch(t: Transaction, p: StoredPayment | null, merchant: MerchantIdentity): string | null {
  if (!p) return "UNKNOWN_OUT_TRADE_NO";
  if (t.mchid !== merchant.mchId || t.mchid !== p.mchid) return "MCHID_MISMATCH";
  if (t.appid !== p.appid) return "APPID_MISMATCH";
  if (t.trade_state === "SUCCESS" || t.trade_state === "REFUND") {
    if (t.amount?.total !== p.amountFen) return "AMOUNT_MISMATCH";
    if (t.amount?.currency !== undefined && t.amount.currency !== "CNY") return "CURRENCY_MISMATCH";
    if (!t.transaction_id) return "MISSING_TRANSACTION_ID";
    if (p.transactionId && p.transactionId !== t.transaction_id) return "TRANSACTION_ID_MISMATCH";
  }
  return null;
}

/**
 * Applies WeChat Pay's view of one transaction (a TRANSACTION.SUCCESS notification or a query
 * result) to the stored payment, exactly once: the notification id insert and the conditional
 * state change share one database transaction, and the change is `UPDATE … WHERE status IN
 * (states allowed before)`, so duplicates, a notification racing a query, and several app
 * instances all end in a single transition. The outbox events (payment.succeeded,
 * checkout.session.completed, payment.flagged) are written in that same transaction.
 */
export async function applyTransaction(
  db: Db,
  t: Transaction,
  source: StateSource,
  merchant: MerchantIdentity,
): Promise<ApplyOutcome> {
  const outcome = await applyInTransaction(db, t, source, merchant);
  if (outcome.result === "TRANSITIONED" || outcome.result === "FLAGGED") eventsWritten();
  // Open status pages: here at once, other instances by a NOTIFY sent right after the commit.
  if (outcome.result === "TRANSITIONED") announcePaymentStatus(notifyRunner(db), t.out_trade_no);
  if (outcome.result === "TRANSITIONED") countTransition("payment", outcome.to, source);
  return outcome;
}

async function applyInTransaction(
  db: Db,
  t: Transaction,
  source: StateSource,
  merchant: MerchantIdentity,
): Promise<ApplyOutcome> {
  return db.$transaction(async (tx) => {
    const eventId = await recordVerifiedNotification(tx, source, t);
    if (source.kind === "notification" && !eventId) return { result: "DUPLICATE" } as const;

    const found = await tx.paymentAttempt.findUnique({
      where: { outTradeNo: t.out_trade_no },
      select: {
        id: true,
        orderId: true,
        status: true,
        amountFen: true,
        mchid: true,
        appid: true,
        transactionId: true,
        livemode: true,
      },
    });
    // The other mode's payment is not ours to touch or flag: as unknown as a number never issued.
    const payment = found?.livemode === merchant.livemode ? found : null;
    const mismatch = transactionMismatch(t, payment, merchant);
    if (mismatch || !payment) {
      const reason = mismatch ?? "UNKNOWN_OUT_TRADE_NO";
      await finishNotification(tx, eventId, { outcome: "FLAGGED", paymentId: payment?.id, flagReason: reason });
      if (payment) {
        await logEvent(tx, payment, source, "FLAGGED", null, null, { reason, tradeState: t.trade_state });
        await recordFlaggedOnce(tx, payment.orderId, payment.livemode, { reason, outTradeNo: t.out_trade_no });
      }
      return { result: "FLAGGED", reason, id: payment?.id } as const;
    }

    const outcome = await move(tx, payment, t, source);
    await finishNotification(tx, eventId, {
      outcome: outcome.result,
      paymentId: payment.id,
      flagReason:
        outcome.result === "FLAGGED" ? outcome.reason : outcome.result === "TRANSITIONED" ? outcome.flag : undefined,
    });
    return outcome;
  });
}

async function move(tx: Tx, payment: StoredPayment, t: Transaction, source: StateSource): Promise<ApplyOutcome> {
  const target = paymentStatusForTradeState(t.trade_state);
  const seen = { tradeState: t.trade_state, ...(source.kind === "query" ? { lastQueriedAt: new Date() } : {}) };
  if (target === null) {
    await tx.paymentAttempt.update({ where: { id: payment.id }, data: seen });
    await logEvent(tx, payment, source, source.kind === "query" ? "QUERIED" : "NOTIFIED", null, null, {
      tradeState: t.trade_state,
    });
    return { result: "UNCHANGED", id: payment.id, status: payment.status };
  }

  const data: Prisma.PaymentAttemptUpdateManyMutationInput = { ...seen, status: target };
  if (target === "PAID") {
    data.transactionId = t.transaction_id ?? null;
    data.paidAt = t.success_time ? new Date(t.success_time) : new Date();
    if (t.payer?.openid) data.openid = t.payer.openid;
  } else {
    data.closedAt = new Date();
  }
  const { count } = await tx.paymentAttempt.updateMany({
    where: { id: payment.id, status: { in: paymentStatesBefore(target) } },
    data,
  });
  if (count === 1) {
    await logEvent(tx, payment, source, "STATE_CHANGED", payment.status, target, {
      tradeState: t.trade_state,
      transactionId: t.transaction_id,
    });
    const orderMove = await updateOrderStatus(tx, payment.orderId);
    // Another attempt of this order already took money: record this one (it is true), and
    // flag it so an admin refunds one of them.
    if (
      target === "PAID" &&
      (await tx.paymentAttempt.count({
        where: {
          orderId: payment.orderId,
          id: { not: payment.id },
          status: { in: ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"] },
        },
      })) > 0
    ) {
      await logEvent(tx, payment, source, "FLAGGED", null, null, {
        reason: "DOUBLE_PAYMENT",
        transactionId: t.transaction_id,
      });
      await recordFlaggedOnce(tx, payment.orderId, payment.livemode, {
        reason: "DOUBLE_PAYMENT",
        outTradeNo: t.out_trade_no,
      });
      return { result: "TRANSITIONED", id: payment.id, from: payment.status, to: target, flag: "DOUBLE_PAYMENT" };
    }
    if (target === "PAID") {
      await recordEvent(tx, { type: "payment.succeeded", orderId: payment.orderId, livemode: payment.livemode });
      if (orderMove?.to === "PAID") await announceSessionPaid(tx, payment.orderId, payment.livemode);
    }
    return { result: "TRANSITIONED", id: payment.id, from: payment.status, to: target };
  }

  // Someone else moved it first (a duplicate path, another instance): read where it is now.
  const current = await tx.paymentAttempt.findUniqueOrThrow({ where: { id: payment.id }, select: { status: true } });
  const alreadyThere =
    target === "PAID" ? ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"].includes(current.status) : current.status === target;
  if (alreadyThere) {
    await tx.paymentAttempt.update({ where: { id: payment.id }, data: seen });
    await logEvent(tx, payment, source, source.kind === "query" ? "QUERIED" : "NOTIFIED", null, null, {
      tradeState: t.trade_state,
    });
    return { result: "UNCHANGED", id: payment.id, status: current.status };
  }
  // WeChat Pay took money on an attempt we closed, or reports a state we cannot reach from
  // here: never overwrite; an admin decides (usually a refund).
  const reason = target === "PAID" ? "PAID_AFTER_CLOSE" : "STATE_CONFLICT";
  await logEvent(tx, payment, source, "FLAGGED", current.status, target, {
    reason,
    tradeState: t.trade_state,
    transactionId: t.transaction_id,
  });
  await recordFlaggedOnce(tx, payment.orderId, payment.livemode, { reason, outTradeNo: t.out_trade_no });
  return { result: "FLAGGED", reason, id: payment.id };
}

/** The order of a Checkout Session was just paid: checkout.session.completed. */
async function announceSessionPaid(tx: Tx, orderId: string, livemode: boolean): Promise<void> {
  const session = await tx.checkoutSession.findUnique({ where: { orderId }, select: { id: true } });
  if (session) await recordEvent(tx, { type: "checkout.session.completed", orderId, livemode });
}

async function logEvent(
  tx: Tx,
  p: { id: string; orderId: string },
  source: StateSource,
  type: string,
  from: string | null,
  to: string | null,
  detail: Record<string, unknown>,
): Promise<void> {
  if (type === "QUERIED") {
    // A query that found nothing new: counted on the last such row (log-query-event.ts).
    return logQueryEvent(tx, p, {
      source: source.kind,
      requestId: source.requestId,
      tradeState: String(detail.tradeState),
      ...detail,
    });
  }
  await tx.paymentEvent.create({
    data: {
      orderId: p.orderId,
      paymentId: p.id,
      type,
      fromStatus: from,
      toStatus: to,
      detail: {
        source: source.kind,
        ...(source.kind === "notification" ? { notificationId: source.notificationId } : {}),
        requestId: source.requestId,
        ...detail,
      } as Prisma.InputJsonValue,
    },
  });
}
