import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { deriveOrderStatus } from "./state-machine";

/**
 * Re-derives the order's status from its payments after a payment moved (same transaction).
 * Returns the move, or null when the status stayed.
 */
export async function updateOrderStatus(
  tx: Prisma.TransactionClient,
  orderId: string,
): Promise<{ from: OrderStatus; to: OrderStatus } | null> {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    select: { status: true, payments: { select: { status: true } } },
  });
  const next = deriveOrderStatus(order.payments, order.status === "CLOSED");
  if (next === order.status) return null;
  await tx.order.update({ where: { id: orderId }, data: { status: next } });
  return { from: order.status, to: next };
}
