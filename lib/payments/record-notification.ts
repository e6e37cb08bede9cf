import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { StateSource } from "./sources";

type Tx = Prisma.TransactionClient;

/**
 * Stores a verified notification under its WeChat Pay id, inside the caller's transaction.
 * Returns null when that id is already stored: the unique key, not a read-then-write, decides,
 * so concurrent duplicates (two instances, one database) cannot both get through.
 */
export async function recordVerifiedNotification(
  tx: Tx,
  source: StateSource,
  resource: unknown,
): Promise<string | null> {
  if (source.kind !== "notification") return null;
  const id = randomUUID();
  const { count } = await tx.notificationEvent.createMany({
    data: [
      {
        id,
        notificationId: source.notificationId,
        eventType: source.eventType,
        verification: "VERIFIED",
        serial: source.serial ?? null,
        requestId: source.requestId ?? null,
        resource: resource as Prisma.InputJsonValue,
      },
    ],
    skipDuplicates: true,
  });
  return count === 1 ? id : null;
}

export async function finishNotification(
  tx: Tx,
  eventId: string | null,
  data: { outcome: string; paymentId?: string; refundId?: string; flagReason?: string },
): Promise<void> {
  if (!eventId) return;
  await tx.notificationEvent.update({
    where: { id: eventId },
    data: {
      outcome: data.outcome,
      paymentId: data.paymentId ?? null,
      refundId: data.refundId ?? null,
      flagged: data.flagReason !== undefined,
      flagReason: data.flagReason ?? null,
      processedAt: new Date(),
    },
  });
}
