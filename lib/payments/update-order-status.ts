import type { Prisma } from "@/lib/generated/prisma/client";
import { deriveOrderStatus } from "./state-machine";

/** Re-derives the order's status from its payments after a payment moved (same transaction). */
export async function updateOrderStatus(tx: Prisma.TransactionClient, orderId: string): Promise<void> {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    select: { status: true, payments: { select: { status: true } } },
  });
  const next = deriveOrderStatus(order.payments, order.status === "CLOSED");
  if (next !== order.status) await tx.order.update({ where: { id: orderId }, data: { status: next } });
}
