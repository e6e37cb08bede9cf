import type { Db } from "@/lib/db/create-prisma";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import type { CheckoutSessionObject } from "./session-schemas";

/** What the session object is built from: the session row with its order, items and paid attempt. */
export const SESSION_SELECT = {
  id: true,
  clientReferenceId: true,
  metadata: true,
  successUrl: true,
  cancelUrl: true,
  expiredAt: true,
  idempotencyKey: true,
  requestHash: true,
  createdAt: true,
  order: {
    select: {
      id: true,
      orderNo: true,
      status: true,
      totalFen: true,
      description: true,
      expiresAt: true,
      livemode: true,
      items: { select: { productId: true, name: true, unitPriceFen: true, quantity: true, lineTotalFen: true } },
      payments: {
        where: { paidAt: { not: null } },
        select: { paidAt: true },
        orderBy: { paidAt: "asc" as const },
        take: 1,
      },
    },
  },
} as const;

export interface SessionRow {
  id: string;
  clientReferenceId: string | null;
  metadata: unknown;
  successUrl: string;
  cancelUrl: string | null;
  expiredAt: Date | null;
  order: {
    orderNo: string;
    status: OrderStatus;
    totalFen: number;
    expiresAt: Date | null;
    livemode: boolean;
    items: { productId: string | null; name: string; unitPriceFen: number; quantity: number; lineTotalFen: number }[];
    payments: { paidAt: Date | null }[];
  };
}

export type SessionStatus = CheckoutSessionObject["status"];

/** complete once paid (refunds included); expired once closed, expired by the API, or past expiresAt; else open. */
function sessionStatus(row: SessionRow, now: Date = new Date()): SessionStatus {
  return deriveSessionStatus(row.order.status, row.expiredAt, row.order.expiresAt, now);
}

export function deriveSessionStatus(
  orderStatus: OrderStatus,
  expiredAt: Date | null,
  expiresAt: Date | null,
  now: Date = new Date(),
): SessionStatus {
  const s = orderStatus;
  if (s === "PAID" || s === "PARTIALLY_REFUNDED" || s === "REFUNDED") return "complete";
  if (s === "CLOSED" || expiredAt || (expiresAt && expiresAt.getTime() <= now.getTime())) return "expired";
  return "open";
}

export function toSessionObject(row: SessionRow, appUrl: string, now: Date = new Date()): CheckoutSessionObject {
  const metadata = row.metadata && typeof row.metadata === "object" ? (row.metadata as Record<string, string>) : {};
  return {
    id: row.id,
    object: "checkout.session",
    livemode: row.order.livemode,
    status: sessionStatus(row, now),
    url: `${appUrl}/pay/${row.id}`,
    orderNo: row.order.orderNo,
    amountTotalFen: row.order.totalFen,
    currency: "CNY",
    lineItems: row.order.items.map((i) => ({
      productId: i.productId,
      name: i.name,
      unitAmountFen: i.unitPriceFen,
      quantity: i.quantity,
      amountFen: i.lineTotalFen,
    })),
    clientReferenceId: row.clientReferenceId,
    metadata,
    successUrl: row.successUrl,
    cancelUrl: row.cancelUrl,
    // Every session order has one (set at creation).
    expiresAt: (row.order.expiresAt ?? new Date(0)).toISOString(),
    paidAt: row.order.payments[0]?.paidAt?.toISOString() ?? null,
  };
}

export async function findSessionRow(db: Db, id: string) {
  return db.checkoutSession.findUnique({ where: { id }, select: SESSION_SELECT });
}
