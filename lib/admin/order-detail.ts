import type { Db } from "@/lib/db/create-prisma";
import { NotFoundError } from "@/lib/errors/app-error";
import { buildTimeline } from "./timeline";

/**
 * Everything the order page shows: items, payment attempts with refunds, the timeline, and the
 * events the merchant's systems were sent (with how their deliveries stand).
 */
export async function getOrderDetail(db: Db, orderNo: string) {
  const order = await db.order.findUnique({
    where: { orderNo },
    include: {
      items: true,
      checkoutSession: {
        select: {
          id: true,
          clientReferenceId: true,
          metadata: true,
          successUrl: true,
          cancelUrl: true,
          expiredAt: true,
          apiKey: { select: { name: true, prefix: true, lastFour: true } },
        },
      },
      payments: { orderBy: { createdAt: "asc" }, include: { refunds: { orderBy: { createdAt: "asc" } } } },
      events: { orderBy: { createdAt: "asc" }, take: 1000 },
    },
  });
  if (!order) throw new NotFoundError(`No order ${orderNo}`);
  const paymentIds = order.payments.map((p) => p.id);
  const refundIds = order.payments.flatMap((p) => p.refunds.map((r) => r.id));
  const [notifications, outbox] = await Promise.all([
    db.notificationEvent.findMany({
      where: { OR: [{ paymentId: { in: paymentIds } }, { refundId: { in: refundIds } }] },
      orderBy: { receivedAt: "asc" },
      take: 500,
    }),
    db.event.findMany({
      where: { orderId: order.id },
      orderBy: { seq: "asc" },
      take: 200,
      select: { id: true, type: true, createdAt: true, deliveries: { select: { status: true } } },
    }),
  ]);
  const refundNos = new Map(order.payments.flatMap((p) => p.refunds.map((r) => [r.id, r.outRefundNo] as const)));
  const tradeNos = new Map(order.payments.map((p) => [p.id, p.outTradeNo] as const));
  return {
    order,
    timeline: buildTimeline(order.events, notifications, { refundNos, tradeNos }),
    outbox: outbox.map((e) => ({
      id: e.id,
      type: e.type,
      createdAt: e.createdAt,
      delivered: e.deliveries.filter((d) => d.status === "DELIVERED").length,
      pending: e.deliveries.filter((d) => d.status === "PENDING").length,
      failed: e.deliveries.filter((d) => d.status === "FAILED").length,
    })),
  };
}
