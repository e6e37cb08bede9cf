import type { Db } from "@/lib/db/create-prisma";
import { ConflictError, NotFoundError } from "@/lib/errors/app-error";
import { closePayment } from "@/lib/payments/close-payment";
import { assertSameMode } from "@/lib/payments/livemode";
import type { WechatContext } from "@/lib/payments/wechat-context";
import { eventsWritten } from "@/lib/events/events-written";
import { recordEvent } from "@/lib/events/record-event";
import { isSessionId } from "./session-id";
import { findSessionRow, toSessionObject } from "./session-object";
import type { CheckoutSessionObject } from "./session-schemas";

const PAID = ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"];

const sessionComplete = () =>
  new ConflictError("SESSION_COMPLETE", "This checkout session has been paid; refund it instead of expiring it");

/**
 * Expires a session: its open attempts are closed at WeChat Pay FIRST (a shopper cannot pay an
 * attempt we consider closed; one found paid there is recorded instead), then the order is
 * CLOSED and the session stamped, in one transaction that re-checks under the order's row lock
 * that no attempt was placed meanwhile. Paid → 409 SESSION_COMPLETE. Already expired → the same
 * object (idempotent). WeChat Pay unreachable → its error propagates (503) and nothing is marked.
 * Used by POST …/expire (reason "api") and by the worker once past expiresAt (reason "expired").
 */
export async function expireCheckoutSession(
  db: Db,
  wechat: WechatContext,
  id: string,
  appUrl: string,
  opts: { now?: Date; reason?: "api" | "expires_at" } = {},
): Promise<CheckoutSessionObject> {
  const now = opts.now ?? new Date();
  const session = isSessionId(id)
    ? await db.checkoutSession.findUnique({
        where: { id },
        select: { orderId: true, order: { select: { livemode: true } } },
      })
    : null;
  if (!session) throw new NotFoundError("No such checkout session");
  assertSameMode(session.order.livemode, wechat.livemode);
  const livemode = session.order.livemode;

  for (let round = 0; ; round += 1) {
    const order = await db.order.findUniqueOrThrow({
      where: { id: session.orderId },
      select: {
        status: true,
        checkoutSession: { select: { expiredAt: true } },
        payments: { where: { status: { in: ["PENDING", "FAILED"] } }, select: { outTradeNo: true, status: true } },
      },
    });
    if (PAID.includes(order.status)) throw sessionComplete();
    const open = order.payments.filter((p) => p.status === "PENDING");
    // Expiring an expired session is idempotent and does not ask WeChat Pay again.
    if (order.checkoutSession?.expiredAt && open.length === 0) break;

    // At WeChat Pay first; FAILED ones too (while the order is open), so nothing can be paid on them later.
    for (const p of order.status === "CLOSED" ? open : order.payments) {
      const r = await closePayment(db, wechat, p.outTradeNo);
      if (r?.result === "TRANSITIONED" && r.to === "PAID") throw sessionComplete();
    }

    const marked = await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM orders WHERE id = ${session.orderId}::uuid FOR UPDATE`;
      const o = await tx.order.findUniqueOrThrow({
        where: { id: session.orderId },
        select: { status: true, payments: { where: { status: "PENDING" }, select: { id: true } } },
      });
      if (PAID.includes(o.status)) throw sessionComplete();
      // An attempt placed between the close and this lock: close it too (next round).
      if (o.payments.length > 0) return false;
      if (o.status === "PENDING") {
        await tx.order.update({ where: { id: session.orderId }, data: { status: "CLOSED" } });
        await tx.checkoutSession.update({ where: { id }, data: { expiredAt: now } });
        await recordEvent(tx, { type: "checkout.session.expired", orderId: session.orderId, livemode });
        await tx.paymentEvent.create({
          data: {
            orderId: session.orderId,
            type: "CHECKOUT_SESSION_EXPIRED",
            fromStatus: "PENDING",
            toStatus: "CLOSED",
            detail: { sessionId: id, reason: opts.reason ?? "api" },
          },
        });
      } else {
        // CLOSED by other means (an admin, an earlier expire): stamp the session if it is not yet.
        const { count } = await tx.checkoutSession.updateMany({
          where: { id, expiredAt: null },
          data: { expiredAt: now },
        });
        if (count === 1)
          await recordEvent(tx, { type: "checkout.session.expired", orderId: session.orderId, livemode });
      }
      return true;
    });
    if (marked) {
      eventsWritten();
      break;
    }
    if (round >= 3) throw new ConflictError("SESSION_BUSY", "The session is being paid right now; try again");
  }
  const row = await findSessionRow(db, id);
  return toSessionObject(row!, appUrl, now);
}
