import { getOrderView, type OrderView } from "@/lib/checkout/order-view";
import type { Db } from "@/lib/db/create-prisma";
import { isSessionId } from "./session-id";
import { deriveSessionStatus, type SessionStatus } from "./session-object";

interface SessionPageView {
  id: string;
  status: SessionStatus;
  successUrl: string;
  cancelUrl: string | null;
  order: OrderView;
}

/** What the hosted page /pay/cs_… shows (null: no such session, the page answers 404). */
export async function getSessionPage(db: Db, id: string, now: Date = new Date()): Promise<SessionPageView | null> {
  if (!isSessionId(id)) return null;
  const s = await db.checkoutSession.findUnique({
    where: { id },
    select: { id: true, successUrl: true, cancelUrl: true, expiredAt: true, order: { select: { orderNo: true } } },
  });
  if (!s) return null;
  const order = await getOrderView(db, s.order.orderNo);
  if (!order) return null;
  return {
    id: s.id,
    status: deriveSessionStatus(order.status, s.expiredAt, order.expiresAt, now),
    successUrl: s.successUrl,
    cancelUrl: s.cancelUrl,
    order,
  };
}
