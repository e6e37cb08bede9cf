import { expect } from "vitest";
import type { NotifyCluster } from "@/scripts/notify-cluster";

// Payments for the built-app fault tests (database faults, SIGTERM): placed at the simulator
// with their rows, paid there, and checked to have landed exactly once.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** N payable attempts at the simulator, each with its order and attempt rows. */
export async function placePayments(c: NotifyCluster, prefix: string, n: number) {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const outTradeNo = `${prefix}${String(i).padStart(3, "0")}`;
      const amountFen = 100 + i;
      const { code_url } = await c.wechat.client.createNativeOrder({
        outTradeNo,
        description: "数据库故障",
        amountFen,
        notifyUrl: c.notifyUrl(0),
      });
      const order = await c.db.order.create({
        data: { orderNo: `O-${outTradeNo}`, totalFen: amountFen, description: "数据库故障", livemode: false },
      });
      return c.db.paymentAttempt.create({
        data: {
          orderId: order.id,
          livemode: false,
          outTradeNo,
          channel: "NATIVE",
          amountFen,
          codeUrl: code_url,
          mchid: c.wechat.merchant.mchId,
          appid: c.wechat.merchant.appId,
          expiresAt: new Date(Date.now() + 3600_000),
        },
      });
    }),
  );
}

export const pay = (c: NotifyCluster, outTradeNo: string) =>
  fetch(`${c.sim.url}/_sim/orders/${outTradeNo}/pay`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "{}",
  }).then((r) => expect(r.status).toBe(200));

/** Every payment PAID with its order, one transition each, one stored event per notification. */
export async function expectPaidOnce(c: NotifyCluster, prefix: string, ids: string[]) {
  const deadline = Date.now() + 30_000;
  let paid = 0;
  while (Date.now() < deadline) {
    // The test's own pool may hold a connection the restart cut: one failed read is retried.
    paid = await c.db.paymentAttempt.count({ where: { id: { in: ids }, status: "PAID" } }).catch(() => -1);
    if (paid === ids.length) break;
    await sleep(250);
  }
  expect(paid).toBe(ids.length);
  const rows = await c.db.paymentAttempt.findMany({ where: { id: { in: ids } }, include: { order: true } });
  expect(rows.map((r) => [r.status, r.order.status])).toEqual(ids.map(() => ["PAID", "PAID"]));
  const transitions = await c.db.paymentEvent.groupBy({
    by: ["paymentId"],
    where: { paymentId: { in: ids }, type: "STATE_CHANGED" },
    _count: true,
  });
  expect(transitions.map((t) => t._count)).toEqual(ids.map(() => 1));
  const notifications = c.sim.context.notifier.all().filter((n) => n.out_trade_no.startsWith(prefix));
  expect(notifications).toHaveLength(ids.length);
  for (const n of notifications)
    expect(await c.db.notificationEvent.count({ where: { notificationId: n.id } })).toBe(1);
  return notifications;
}
