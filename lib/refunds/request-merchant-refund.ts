import { apiKeyLabel, type ApiKeyActor } from "@/lib/api-keys/authenticate-api-key";
import type { Db } from "@/lib/db/create-prisma";
import { ConflictError, NotFoundError } from "@/lib/errors/app-error";
import type { WechatContext } from "@/lib/payments/wechat-context";
import type { CreateRefundInput } from "./merchant-refund-input";
import { refundRowInclude, refundRowToObject, type RefundObject, type RefundRow } from "./refund-object";
import { MAX_REFUNDS_PER_PAYMENT, reserveRefund } from "./reserve-refund";
import { submitRefund } from "./submit-refund";
import { assertSameMode } from "@/lib/payments/livemode";

interface MerchantRefundRequest {
  input: CreateRefundInput;
  /** The Idempotency-Key header (required on this route). */
  idempotencyKey: string;
  actor: ApiKeyActor;
  ip?: string;
}

/**
 * POST /api/v1/refunds with the admin refund's guarantees: reserveRefund first (Σ ≤ paid, ≤ 50
 * per payment, under any concurrency), then WeChat Pay with the stored out_refund_no. The same
 * Idempotency-Key with the same order, amount and reason answers the same refund (`created`
 * false, and a CREATED one is sent again); with anything else it is 409 IDEMPOTENCY_KEY_REUSED.
 * Keys live in their own namespace (`api:`), apart from the admin form's.
 */
export async function requestMerchantRefund(
  db: Db,
  wechat: WechatContext,
  req: MerchantRefundRequest,
): Promise<{ refund: RefundObject; created: boolean }> {
  const key = `api:${req.idempotencyKey}`;
  // A replay is recognised by its order, not by the payment it resolved to: had the first
  // request used up the first of two payments, resolving again would pick the other.
  const replay = await findReplay(db, key, req.input, wechat.livemode);
  if (replay) return { refund: await finish(db, wechat, replay), created: false };

  const outTradeNo = await refundablePayment(db, req.input, wechat.livemode);
  let reservation;
  try {
    reservation = await reserveRefund(db, {
      outTradeNo,
      amountFen: req.input.amountFen,
      reason: req.input.reason,
      idempotencyKey: key,
      actor: { email: apiKeyLabel(req.actor), apiKeyId: req.actor.id, ip: req.ip },
      livemode: wechat.livemode,
    });
  } catch (err) {
    // A concurrent request with this key won (possibly against the other payment): judge by order.
    const winner = err instanceof ConflictError ? await findReplay(db, key, req.input, wechat.livemode) : null;
    if (winner) return { refund: await finish(db, wechat, winner), created: false };
    throw err;
  }
  const row = await db.refund.findUniqueOrThrow({ where: { id: reservation.refund.id }, include: refundRowInclude });
  return { refund: await finish(db, wechat, row), created: !reservation.reused };
}

async function findReplay(db: Db, key: string, input: CreateRefundInput, livemode: boolean): Promise<RefundRow | null> {
  const existing = await db.refund.findUnique({ where: { idempotencyKey: key }, include: refundRowInclude });
  if (!existing) return null;
  assertSameMode(existing.livemode, livemode);
  const order = existing.payment.order;
  const sameOrder = input.orderNo
    ? order.orderNo === input.orderNo
    : order.checkoutSession?.id === input.checkoutSessionId;
  if (!sameOrder || existing.amountFen !== input.amountFen || existing.reason !== input.reason) {
    throw new ConflictError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was used for a different refund", {
      refundId: existing.id,
    });
  }
  return existing;
}

/** Sends a CREATED refund (first time, or the retry of an unknown outcome), then reads the object. */
async function finish(db: Db, wechat: WechatContext, row: RefundRow): Promise<RefundObject> {
  if (row.status !== "CREATED") return refundRowToObject(row);
  await submitRefund(db, wechat, row.id);
  return refundRowToObject(await db.refund.findUniqueOrThrow({ where: { id: row.id }, include: refundRowInclude }));
}

/**
 * The payment to refund: the earliest paid one with room for the amount (an order paid twice has
 * two). When none has room, the one with the most left, so the 409 names the real remainder.
 */
async function refundablePayment(db: Db, input: CreateRefundInput, livemode: boolean): Promise<string> {
  const order = await db.order.findFirst({
    where: input.orderNo ? { orderNo: input.orderNo } : { checkoutSession: { id: input.checkoutSessionId } },
    select: {
      orderNo: true,
      status: true,
      livemode: true,
      payments: {
        where: { paidAt: { not: null } },
        orderBy: [{ paidAt: "asc" }, { createdAt: "asc" }],
        select: { outTradeNo: true, status: true, amountFen: true, refundedFen: true, refundCount: true },
      },
    },
  });
  if (!order) {
    throw new NotFoundError(
      input.orderNo ? `No order ${input.orderNo}` : `No checkout session ${input.checkoutSessionId}`,
    );
  }
  assertSameMode(order.livemode, livemode);
  const open = order.payments.filter((p) => p.status === "PAID" || p.status === "PARTIALLY_REFUNDED");
  const fits = open.find(
    (p) => p.amountFen - p.refundedFen >= input.amountFen && p.refundCount < MAX_REFUNDS_PER_PAYMENT,
  );
  if (fits) return fits.outTradeNo;
  const most = open.reduce<(typeof open)[number] | undefined>(
    (best, p) => (!best || p.amountFen - p.refundedFen > best.amountFen - best.refundedFen ? p : best),
    undefined,
  );
  // reserveRefund re-checks under the row lock and says which rule stops it.
  if (most) return most.outTradeNo;
  if (order.payments.length > 0) {
    throw new ConflictError("REFUND_EXCEEDS_REMAINING", "Only 0 fen remain refundable", {
      remainingFen: 0,
      amountFen: input.amountFen,
    });
  }
  throw new ConflictError("PAYMENT_NOT_REFUNDABLE", `Order ${order.orderNo} has not been paid`, {
    orderStatus: order.status,
  });
}
