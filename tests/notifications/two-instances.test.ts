// HEAVY (≈10–20 s): two app instances (`next start` of the built app when it has the notify
// route, else two scripts/notify-instance.ts processes) on one PostgreSQL schema. One genuine
// notification from the simulator is delivered 100 times (50 to each instance) while 50 active
// status reads (25 per instance, each a query to the simulator) race it: one transition, one
// stored notification. Skips without PostgreSQL (fails under CI=true).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresReachable, startNotifyCluster, type NotifyCluster } from "@/scripts/notify-cluster";

let cluster: NotifyCluster | null = null;

beforeAll(async () => {
  if (!(await postgresReachable())) {
    if (process.env.CI === "true") throw new Error("PostgreSQL is required under CI");
    return;
  }
  cluster = await startNotifyCluster({ instances: 2 });
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
}, 30_000);

/** Plays the merchant's notify_url once to capture a genuine, simulator-signed notification. */
async function captureOne(): Promise<{
  url: string;
  next: Promise<{ body: string; headers: Record<string, string> }>;
  close(): void;
}> {
  let resolve!: (v: { body: string; headers: Record<string, string> }) => void;
  const next = new Promise<{ body: string; headers: Record<string, string> }>((r) => (resolve = r));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(204).end();
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === "string" && (k.startsWith("wechatpay-") || k === "request-id" || k === "content-type"))
          headers[k] = v;
      resolve({ body: Buffer.concat(chunks).toString("utf8"), headers });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`,
    next,
    close: () => server.close(),
  };
}

describe("two app instances, one PostgreSQL", () => {
  it("100 duplicate deliveries + 50 concurrent status reads → one transition, one stored notification", async (ctx) => {
    if (!cluster) return ctx.skip();
    const c = cluster;
    console.info(`instances: ${c.mode} mode on ${c.urls.join(", ")}`);
    // Under CI this is a test of `next start` of the build, never of the stand-in server.
    if (process.env.CI === "true") expect(c.mode, "CLUSTER_MODE under CI").toBe("next");
    const capture = await captureOne();
    const outTradeNo = `DUP${Date.now()}`;
    const { code_url } = await c.wechat.client.createNativeOrder({
      outTradeNo,
      description: "并发测试",
      amountFen: 4200,
      notifyUrl: capture.url,
    });
    const order = await c.db.order.create({
      data: { livemode: false, orderNo: `O-${outTradeNo}`, totalFen: 4200, description: "并发测试" },
    });
    const payment = await c.db.paymentAttempt.create({
      data: {
        livemode: false,
        orderId: order.id,
        outTradeNo,
        channel: "NATIVE",
        amountFen: 4200,
        codeUrl: code_url,
        mchid: c.wechat.merchant.mchId,
        appid: c.wechat.merchant.appId,
        expiresAt: new Date(Date.now() + 3600_000),
      },
    });
    expect(
      (
        await fetch(`${c.sim.url}/_sim/orders/${outTradeNo}/pay`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: "{}",
        })
      ).status,
    ).toBe(200);
    const genuine = await capture.next;
    capture.close();
    const notificationId = (JSON.parse(genuine.body) as { id: string }).id;

    const deliveries = Array.from({ length: 100 }, (_, i) =>
      fetch(c.notifyUrl(i % 2), { method: "POST", headers: genuine.headers, body: genuine.body }).then((r) => r.status),
    );
    const reads = Array.from({ length: 50 }, (_, i) =>
      fetch(`${c.urls[i % 2]}/api/v1/payments/wechat/query/${outTradeNo}`).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { status?: string },
      })),
    );
    const [statuses, answers] = await Promise.all([Promise.all(deliveries), Promise.all(reads)]);

    expect(statuses).toEqual(Array(100).fill(204));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    for (const a of answers) expect(["PENDING", "PAID"]).toContain(a.body.status);

    const stored = await c.db.paymentAttempt.findUniqueOrThrow({ where: { id: payment.id }, include: { order: true } });
    expect(stored.status).toBe("PAID");
    expect(stored.order.status).toBe("PAID");
    expect(await c.db.paymentEvent.count({ where: { paymentId: payment.id, type: "STATE_CHANGED" } })).toBe(1);
    expect(await c.db.notificationEvent.count({ where: { notificationId } })).toBe(1);
    // The only refusals are the readiness probes' unsigned POSTs: no genuine copy was refused.
    const refused = await c.db.notificationEvent.findMany({
      where: { verification: "REJECTED" },
      select: { failureReason: true },
    });
    expect(refused.length).toBeGreaterThanOrEqual(2);
    for (const r of refused) expect(r.failureReason).toBe("SIGNATURE: Missing Wechatpay-Signature header");
  }, 60_000);
});
