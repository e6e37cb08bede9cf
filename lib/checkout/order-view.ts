import type { Db } from "@/lib/db/create-prisma";
import type { OrderStatus } from "@/lib/generated/prisma/enums";

export interface OrderView {
  orderNo: string;
  status: OrderStatus;
  totalFen: number;
  description: string;
  items: { name: string; quantity: number; unitPriceFen: number; lineTotalFen: number }[];
  paidAt: Date | null;
  /** Checkout Sessions only: no attempt is placed or payable past this. */
  expiresAt: Date | null;
  /** false: test data (test mode), paid through the simulator; the page says TEST. */
  livemode: boolean;
}

export const PAID_STATUSES: readonly OrderStatus[] = ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"];

/** What the shopper's pages show about an order (null: no such order). */
export async function getOrderView(db: Db, orderNo: string): Promise<OrderView | null> {
  const o = await db.order.findUnique({
    where: { orderNo },
    select: {
      orderNo: true,
      status: true,
      totalFen: true,
      description: true,
      expiresAt: true,
      livemode: true,
      items: { select: { name: true, quantity: true, unitPriceFen: true, lineTotalFen: true } },
      payments: { where: { paidAt: { not: null } }, select: { paidAt: true }, orderBy: { paidAt: "desc" }, take: 1 },
    },
  });
  if (!o) return null;
  const { payments, ...rest } = o;
  return { ...rest, paidAt: payments[0]?.paidAt ?? null };
}
