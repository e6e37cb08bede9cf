import { Prisma } from "@/lib/generated/prisma/client";
import type { Refund } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/create-prisma";
import { ConflictError, NotFoundError } from "@/lib/errors/app-error";
import { eventsWritten } from "@/lib/events/events-written";
import { recordEvent } from "@/lib/events/record-event";
import { newOutRefundNo } from "./out-refund-no";
import type { RefundRequest } from "./refund-request";
import { auditRow } from "@/lib/auth/audit-row";
import { assertSameMode } from "@/lib/payments/livemode";

export const MAX_REFUNDS_PER_PAYMENT = 50;

type Tx = Prisma.TransactionClient;

interface Reservation {
  refund: Refund;
  /** True when the idempotency key named an existing refund: nothing new was reserved. */
  reused: boolean;
}

/**
 * Step one of a refund, in ONE transaction: reuse the refund an idempotency key already names,
 * or reserve the amount with a conditional UPDATE (row lock + re-checked WHERE, so concurrent
 * requests can never together exceed the paid amount or 50 refunds; the table's CHECKs back it
 * up) and store the Refund (CREATED, new out_refund_no), an audit row, a timeline event and
 * the outbox event refund.created.
 * WeChat Pay is called afterwards (submitRefund) with the stored out_refund_no.
 */
export async function reserveRefund(db: Db, req: RefundRequest): Promise<Reservation> {
  try {
    // Concurrent refunds of one payment queue on its row lock by design: waiting for a pooled
    // connection a little longer must not turn into a refusal (Prisma's default maxWait is 2 s).
    const reservation = await db.$transaction((tx) => reserveInTx(tx, req), { maxWait: 10_000, timeout: 15_000 });
    if (!reservation.reused) eventsWritten();
    return reservation;
  } catch (err) {
    // Two requests with the same new key raced. On PostgreSQL the loser waited on the payment's
    // row lock, then either its insert hit the unique index or (a full refund) its re-checked
    // reservation no longer fit; either way it rolled back and the winner's refund is now
    // visible: answer with it, not with a 409 the client's retry did not earn.
    if (req.idempotencyKey && (isUniqueViolation(err) || err instanceof ConflictError)) {
      const existing = await db.refund.findUnique({
        where: { idempotencyKey: req.idempotencyKey },
        include: { payment: { select: { outTradeNo: true } } },
      });
      if (existing) return { refund: assertSameContent(existing, req), reused: true };
    }
    throw err;
  }
}

async function reserveInTx(tx: Tx, req: RefundRequest): Promise<Reservation> {
  if (req.idempotencyKey) {
    const existing = await tx.refund.findUnique({
      where: { idempotencyKey: req.idempotencyKey },
      include: { payment: { select: { outTradeNo: true } } },
    });
    if (existing) {
      assertSameMode(existing.livemode, req.livemode);
      return { refund: assertSameContent(existing, req), reused: true };
    }
  }
  const payment = await tx.paymentAttempt.findUnique({
    where: { outTradeNo: req.outTradeNo },
    select: {
      id: true,
      orderId: true,
      status: true,
      amountFen: true,
      refundedFen: true,
      refundCount: true,
      livemode: true,
      order: { select: { orderNo: true } },
    },
  });
  if (!payment) throw new NotFoundError(`No payment ${req.outTradeNo}`);
  assertSameMode(payment.livemode, req.livemode);

  const reserved = await tx.$executeRaw`
    UPDATE payment_attempts
       SET refunded_fen = refunded_fen + ${req.amountFen}, refund_count = refund_count + 1, updated_at = now()
     WHERE id = ${payment.id}::uuid
       AND status IN ('PAID', 'PARTIALLY_REFUNDED')
       AND refunded_fen + ${req.amountFen} <= amount_fen
       AND refund_count < ${MAX_REFUNDS_PER_PAYMENT}`;
  if (reserved !== 1) throw await whyNotRefundable(tx, payment.id, req.amountFen);

  const refund = await tx.refund.create({
    data: {
      paymentId: payment.id,
      livemode: payment.livemode,
      outRefundNo: newOutRefundNo(),
      idempotencyKey: req.idempotencyKey ?? null,
      amountFen: req.amountFen,
      reason: req.reason,
      status: "CREATED",
      requestedById: req.actor.id ?? null,
      requestedBy: req.actor.email,
      apiKeyId: req.actor.apiKeyId ?? null,
    },
  });
  await tx.auditLog.create({
    data: auditRow(req.actor, {
      action: "REFUND_REQUESTED",
      target: { type: "refund", id: refund.outRefundNo },
      orderNo: payment.order.orderNo,
      detail: {
        outTradeNo: req.outTradeNo,
        amountFen: req.amountFen,
        reason: req.reason,
        ...(req.actor.apiKeyId ? { apiKeyId: req.actor.apiKeyId } : {}),
      },
      ip: req.actor.ip,
    }),
  });
  await tx.paymentEvent.create({
    data: {
      orderId: payment.orderId,
      paymentId: payment.id,
      refundId: refund.id,
      type: "REFUND_REQUESTED",
      toStatus: "CREATED",
      detail: { outRefundNo: refund.outRefundNo, amountFen: req.amountFen, reason: req.reason, by: req.actor.email },
    },
  });
  await recordEvent(tx, {
    type: "refund.created",
    orderId: payment.orderId,
    livemode: payment.livemode,
    refundId: refund.id,
  });
  return { refund, reused: false };
}

/** The reservation matched no row: say which rule stopped it, from the row as it is now. */
async function whyNotRefundable(tx: Tx, paymentId: string, amountFen: number): Promise<Error> {
  const p = await tx.paymentAttempt.findUniqueOrThrow({
    where: { id: paymentId },
    select: { status: true, amountFen: true, refundedFen: true, refundCount: true },
  });
  const remainingFen = p.amountFen - p.refundedFen;
  if (p.status !== "PAID" && p.status !== "PARTIALLY_REFUNDED") {
    return new ConflictError("PAYMENT_NOT_REFUNDABLE", `A ${p.status} payment cannot be refunded`, {
      status: p.status,
    });
  }
  if (p.refundCount >= MAX_REFUNDS_PER_PAYMENT) {
    return new ConflictError("REFUND_LIMIT", `At most ${MAX_REFUNDS_PER_PAYMENT} refunds per payment`, {
      refundCount: p.refundCount,
    });
  }
  return new ConflictError("REFUND_EXCEEDS_REMAINING", `Only ${remainingFen} fen remain refundable`, {
    remainingFen,
    amountFen,
  });
}

function assertSameContent(existing: Refund & { payment: { outTradeNo: string } }, req: RefundRequest): Refund {
  if (
    existing.payment.outTradeNo !== req.outTradeNo ||
    existing.amountFen !== req.amountFen ||
    existing.reason !== req.reason
  ) {
    throw new ConflictError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was used for a different refund", {
      outRefundNo: existing.outRefundNo,
    });
  }
  return existing;
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}
