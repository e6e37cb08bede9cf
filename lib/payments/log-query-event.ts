import type { Prisma } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;

/**
 * Keeps a query that found nothing new on the timeline without a row per query: when the
 * payment's latest event is already a QUERIED with the same trade state, that row counts it
 * (`count`, `lastQueriedAt`, the latest `requestId`); otherwise a new QUERIED row starts at 1.
 * A payment asked about every 5 minutes for two hours has one row that says "×24", and any
 * change in between (a notification, another state) still shows in order.
 */
export async function logQueryEvent(
  tx: Tx,
  p: { id: string; orderId: string },
  detail: { source: string; requestId?: string; tradeState: string } & Record<string, unknown>,
): Promise<void> {
  const last = await tx.paymentEvent.findFirst({
    where: { paymentId: p.id },
    orderBy: { createdAt: "desc" },
    select: { id: true, type: true, detail: true },
  });
  const prev = (last?.detail ?? null) as Record<string, unknown> | null;
  const now = new Date().toISOString();
  if (last?.type === "QUERIED" && prev && prev.tradeState === detail.tradeState) {
    const count = (typeof prev.count === "number" ? prev.count : 1) + 1;
    await tx.paymentEvent.update({
      where: { id: last.id },
      data: { detail: { ...prev, requestId: detail.requestId, count, lastQueriedAt: now } as Prisma.InputJsonValue },
    });
    return;
  }
  await tx.paymentEvent.create({
    data: {
      orderId: p.orderId,
      paymentId: p.id,
      type: "QUERIED",
      detail: { ...detail, count: 1 } as Prisma.InputJsonValue,
    },
  });
}
