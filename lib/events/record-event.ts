import type { Prisma } from "@/lib/generated/prisma/client";
import { newEventId } from "./event-id";
import type { EventType } from "./event-types";

interface NewEvent {
  type: EventType;
  /** Every event but ping belongs to an order. */
  orderId: string | null;
  /** The order's mode (the endpoint's, for ping): test events reach test endpoints only. */
  livemode: boolean;
  refundId?: string;
  detail?: Record<string, string>;
  /** ping: delivered to one endpoint only, so the fan-out must skip it. */
  fannedOutAt?: Date;
}

/**
 * Writes an event into the outbox. Call it with the transaction client of the state change that
 * causes it: the event commits with the change or not at all (the transactional outbox).
 */
export async function recordEvent(tx: Prisma.TransactionClient, e: NewEvent): Promise<string> {
  const id = newEventId();
  await tx.event.create({
    data: {
      id,
      type: e.type,
      orderId: e.orderId,
      livemode: e.livemode,
      refundId: e.refundId ?? null,
      detail: e.detail ?? undefined,
      fannedOutAt: e.fannedOutAt ?? null,
    },
  });
  return id;
}

/**
 * payment.flagged once per (payment, reason): a second query or notification that finds the same
 * inconsistency is on the timeline, but the merchant has already been told.
 */
export async function recordFlaggedOnce(
  tx: Prisma.TransactionClient,
  orderId: string,
  livemode: boolean,
  detail: { reason: string; outTradeNo: string },
): Promise<void> {
  const seen = await tx.event.count({
    where: {
      orderId,
      type: "payment.flagged",
      AND: [
        { detail: { path: ["reason"], equals: detail.reason } },
        { detail: { path: ["outTradeNo"], equals: detail.outTradeNo } },
      ],
    },
  });
  if (seen === 0) await recordEvent(tx, { type: "payment.flagged", orderId, livemode, detail });
}
