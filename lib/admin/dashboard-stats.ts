import type { Db } from "@/lib/db/create-prisma";
import { cstDay, cstDayStart } from "./order-filter";

export interface DayStats {
  day: string;
  orders: number;
  paidOrders: number;
  paidFen: number;
  /** paidOrders / orders, 0–1; null for a day without orders. */
  successRate: number | null;
}

/**
 * Orders of one mode (live or test data, never both) created per China-time day over the last
 * `days` days (today last), paid ones and their total.
 */
export async function dailyStats(db: Db, livemode: boolean, days = 7, now = new Date()): Promise<DayStats[]> {
  const today = cstDay(now);
  const first = new Date(cstDayStart(today).getTime() - (days - 1) * 24 * 3600_000);
  // AT TIME ZONE 'UTC' + 8 h: China has no DST, and this avoids needing tz data in PGlite.
  const rows = await db.$queryRaw<{ day: string; orders: string; paid: string; paid_fen: string }[]>`
    SELECT to_char(((created_at AT TIME ZONE 'UTC') + interval '8 hours')::date, 'YYYY-MM-DD') AS day,
           count(*)::text AS orders,
           count(*) FILTER (WHERE status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'))::text AS paid,
           COALESCE(sum(total_fen) FILTER (WHERE status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')), 0)::text AS paid_fen
      FROM orders
     WHERE livemode = ${livemode} AND created_at >= ${first}
     GROUP BY 1`;
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return Array.from({ length: days }, (_, i) => {
    const day = cstDay(new Date(first.getTime() + i * 24 * 3600_000 + 12 * 3600_000));
    const r = byDay.get(day);
    const orders = Number(r?.orders ?? 0);
    const paidOrders = Number(r?.paid ?? 0);
    return {
      day,
      orders,
      paidOrders,
      paidFen: Number(r?.paid_fen ?? 0),
      successRate: orders ? paidOrders / orders : null,
    };
  });
}

/** Totals over several days (the 7-day card). */
export function sumStats(days: DayStats[]): Omit<DayStats, "day"> {
  const orders = days.reduce((a, d) => a + d.orders, 0);
  const paidOrders = days.reduce((a, d) => a + d.paidOrders, 0);
  return {
    orders,
    paidOrders,
    paidFen: days.reduce((a, d) => a + d.paidFen, 0),
    successRate: orders ? paidOrders / orders : null,
  };
}

/**
 * What needs a person, in one mode: stuck payments and refunds, and verified notifications
 * flagged for not matching what we stored (amount mismatch, double payment, paid after close).
 * Refused forgeries are counted apart (refusedNotifications), so a flood of them cannot push these
 * off the list. A notification has its payment's or refund's mode; one matched to neither shows
 * in the primary mode's view.
 */
export async function attentionLists(db: Db, livemode: boolean, primary: boolean, now = new Date()) {
  const [stuckPayments, refunds, notifications] = await Promise.all([
    // Past expiry yet still PENDING: the close/query worker has not settled them.
    db.paymentAttempt.findMany({
      where: { livemode, status: "PENDING", expiresAt: { lt: now } },
      orderBy: { expiresAt: "asc" },
      take: 10,
      select: {
        outTradeNo: true,
        amountFen: true,
        expiresAt: true,
        channel: true,
        order: { select: { orderNo: true } },
      },
    }),
    db.refund.findMany({
      where: {
        livemode,
        OR: [
          { status: { in: ["PROCESSING", "ABNORMAL"] } },
          { status: "CREATED", createdAt: { lt: new Date(now.getTime() - 60_000) } },
        ],
      },
      orderBy: { createdAt: "asc" },
      take: 10,
      select: {
        outRefundNo: true,
        status: true,
        amountFen: true,
        createdAt: true,
        payment: { select: { order: { select: { orderNo: true } } } },
      },
    }),
    db.notificationEvent.findMany({
      where: {
        flagged: true,
        OR: [
          { payment: { livemode } },
          { refund: { livemode } },
          ...(livemode === primary ? [{ paymentId: null, refundId: null }] : []),
        ],
      },
      orderBy: { receivedAt: "desc" },
      take: 10,
      select: {
        id: true,
        eventType: true,
        flagReason: true,
        receivedAt: true,
        payment: { select: { outTradeNo: true, order: { select: { orderNo: true } } } },
      },
    }),
  ]);
  return { stuckPayments, refunds, notifications };
}

interface RefusedNotifications {
  reason: string;
  count: number;
  lastAt: Date;
}

/** Refused (unverifiable) notifications of the last `hours` hours, per reason, most frequent first. */
export async function refusedNotifications(db: Db, now = new Date(), hours = 24): Promise<RefusedNotifications[]> {
  const rows = await db.rejectedNotificationTally.groupBy({
    by: ["reason"],
    where: { minute: { gte: new Date(now.getTime() - hours * 3600_000), lte: now } },
    _sum: { count: true },
    _max: { lastAt: true },
  });
  return rows
    .map((r) => ({ reason: r.reason, count: r._sum.count ?? 0, lastAt: r._max.lastAt ?? now }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/**
 * Webhooks of one mode that need a person: endpoints switched off by the engine (410 Gone, or 5 days
 * without a success) or failing now, and the undelivered backlog (PENDING deliveries, and how
 * long the oldest has waited since it was created).
 */
export async function webhookHealth(db: Db, livemode: boolean, now = new Date()) {
  const [failingEndpoints, pending, oldest] = await Promise.all([
    db.webhookEndpoint.findMany({
      where: {
        livemode,
        OR: [{ enabled: false, disabledReason: { in: ["FAILING", "GONE"] } }, { failingSince: { not: null } }],
      },
      orderBy: [{ enabled: "asc" }, { failingSince: "asc" }],
      take: 10,
      select: { id: true, url: true, enabled: true, disabledReason: true, failingSince: true, lastSuccessAt: true },
    }),
    db.webhookDelivery.count({ where: { status: "PENDING", endpoint: { livemode } } }),
    db.webhookDelivery.findFirst({
      where: { status: "PENDING", endpoint: { livemode } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
  ]);
  return {
    failingEndpoints,
    pendingDeliveries: pending,
    oldestPendingAgeMs: oldest ? Math.max(0, now.getTime() - oldest.createdAt.getTime()) : null,
  };
}
