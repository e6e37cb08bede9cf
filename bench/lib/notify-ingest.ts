// The notification-ingest load shared by bench:notify and bench:scaling: PENDING payments
// stored as checkout stores them, genuine signed + AES-GCM-encrypted TRANSACTION.SUCCESS
// notifications (a share of deliveries are duplicates of earlier ids, as WeChat Pay's retries
// are), sent by autocannon over a fixed number of connections, then a consistency check.
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { buildSignedNotification } from "../../lib/wechatpay";
import type { NotifyCluster } from "../../scripts/notify-cluster";

export type Signed = { rawBody: string; headers: Record<string, string> };

export interface IngestBatch {
  outTradeNos: string[];
  orderIds: string[];
  deliveries: Signed[];
  duplicates: number;
}

export interface IngestResult extends Omit<LoadResult, "sent"> {
  deliveries: number;
  paid: number;
  lost: number;
  doubled: number;
  /** Paid payments without exactly one payment.succeeded outbox event (the transactional outbox). */
  unevented: number;
}

/** Stores `count` PENDING payments and signs one notification each (before any timing). */
export async function prepareBatch(cluster: NotifyCluster, count: number, duplicateRate: number): Promise<IngestBatch> {
  const { db, sim } = cluster;
  const identity = sim.context.identity;
  const { mchId, appId } = cluster.wechat.merchant;
  const stamp = randomUUID().slice(0, 8).toUpperCase();
  const rows = Array.from({ length: count }, (_, i) => ({
    orderId: randomUUID(),
    outTradeNo: `BN${stamp}${String(i).padStart(6, "0")}`,
    amountFen: 100 + (i % 9000),
  }));
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await db.order.createMany({
      data: chunk.map((r) => ({
        id: r.orderId,
        orderNo: `O-${r.outTradeNo}`,
        totalFen: r.amountFen,
        description: "压测",
        livemode: false,
      })),
    });
    await db.paymentAttempt.createMany({
      data: chunk.map((r) => ({
        orderId: r.orderId,
        outTradeNo: r.outTradeNo,
        livemode: false,
        channel: "NATIVE" as const,
        amountFen: r.amountFen,
        mchid: mchId,
        appid: appId,
        expiresAt: new Date(Date.now() + 3600_000),
      })),
    });
  }
  // Signed by the simulator's WeChat Pay public-key identity, exactly as it delivers them.
  const unique = rows.map((r) =>
    buildSignedNotification({
      privateKey: identity.publicKeyPrivatePem,
      serial: identity.publicKeyId,
      apiV3Key: identity.merchant.apiV3Key,
      eventType: "TRANSACTION.SUCCESS",
      resource: {
        appid: appId,
        mchid: mchId,
        out_trade_no: r.outTradeNo,
        transaction_id: `4200${r.outTradeNo.slice(2)}`,
        trade_type: "NATIVE",
        trade_state: "SUCCESS",
        trade_state_desc: "支付成功",
        bank_type: "OTHERS",
        success_time: new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00"),
        payer: { openid: "o-bench" },
        amount: { total: r.amountFen, payer_total: r.amountFen, currency: "CNY", payer_currency: "CNY" },
      },
    }),
  );
  const duplicates = Math.round((count * duplicateRate) / (1 - duplicateRate));
  const deliveries = [...unique];
  for (let i = 0; i < duplicates; i++) {
    // A duplicate goes after its original somewhere later in the stream (a retry, a resend).
    const src = Math.floor(Math.random() * count);
    const at = src + 1 + Math.floor(Math.random() * (deliveries.length - src));
    deliveries.splice(at, 0, unique[src]!);
  }
  return { outTradeNos: rows.map((r) => r.outTradeNo), orderIds: rows.map((r) => r.orderId), deliveries, duplicates };
}

export interface LoadResult {
  sent: number;
  seconds: number;
  rate: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  statuses: Map<number, number>;
}

/**
 * POSTs every delivery once, in order, with autocannon over `concurrency` keep-alive connections
 * (round-robin over `urls`). The same load for the app's notify route and the bare baseline.
 */
export async function postDeliveries(
  urls: string[],
  path: string,
  deliveries: Signed[],
  concurrency: number,
): Promise<LoadResult> {
  let next = 0;
  const started = performance.now();
  let lastAnswer = started;
  const result = await autocannon({
    // autocannon spreads connections over several URLs (its README); the typings say one string.
    url: (urls.length === 1 ? urls[0] : urls) as unknown as string,
    connections: Math.max(concurrency, urls.length),
    amount: deliveries.length,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path,
        // Each request carries the next notification of the stream, in order.
        setupRequest: (req) => {
          const n = deliveries[next++ % deliveries.length]!;
          return { ...req, headers: { ...n.headers, "content-type": "application/json" }, body: n.rawBody };
        },
        onResponse: () => {
          lastAnswer = performance.now();
        },
      },
    ],
  });
  const statuses = new Map<number, number>();
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
    statuses.set(Number(code), (stat as { count: number }).count);
  if (result.errors || result.timeouts) statuses.set(-1, result.errors + result.timeouts);
  // autocannon ends (and counts its duration) on its 1 s sampling tick; the run itself ends
  // with the last answer.
  const seconds = (lastAnswer - started) / 1000;
  const sent = result.requests.total;
  return {
    sent,
    seconds,
    rate: sent / seconds,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    statuses,
  };
}

/** Sends the batch to the notify route (round-robin over the instances) and checks every payment moved once. */
export async function runBatch(cluster: NotifyCluster, batch: IngestBatch, concurrency: number): Promise<IngestResult> {
  const load = await postDeliveries(cluster.urls, "/api/v1/payments/wechat/notify", batch.deliveries, concurrency);
  const ids = batch.outTradeNos;
  const { db } = cluster;
  const paid = await db.paymentAttempt.count({ where: { outTradeNo: { in: ids }, status: "PAID" } });
  const transitions = await db.paymentEvent.count({
    where: { type: "STATE_CHANGED", payment: { outTradeNo: { in: ids } } },
  });
  const stored = await db.notificationEvent.count({
    where: { verification: "VERIFIED", payment: { outTradeNo: { in: ids } } },
  });
  const events = await db.event.count({ where: { type: "payment.succeeded", orderId: { in: batch.orderIds } } });
  return {
    deliveries: load.sent,
    seconds: load.seconds,
    rate: load.rate,
    p50: load.p50,
    p90: load.p90,
    p99: load.p99,
    max: load.max,
    statuses: load.statuses,
    paid,
    lost: ids.length - paid,
    doubled: Math.max(0, transitions - paid) + Math.max(0, stored - ids.length),
    unevented: Math.abs(events - paid),
  };
}
