// HEAVY (≈5–10 s): the worker really starts inside the app process (instrumentation.ts
// register() under `next start` of the built app; scripts/notify-instance.ts's equivalent when
// there is no build yet, never under CI=true): a payment paid at the
// simulator whose notification never arrives becomes PAID by the worker's active query, and an
// expired one is closed. Skips without PostgreSQL (fails under CI=true).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresReachable, startNotifyCluster, type NotifyCluster } from "@/scripts/notify-cluster";

let cluster: NotifyCluster | null = null;
const logLines: string[] = [];

beforeAll(async () => {
  if (!(await postgresReachable())) {
    if (process.env.CI === "true") throw new Error("PostgreSQL is required under CI");
    return;
  }
  // `next start` runs instrumentation.ts; without a build, scripts/notify-instance.ts starts the
  // same startWorker the same way.
  cluster = await startNotifyCluster({
    instances: 1,
    env: {
      WORKER_DISABLED: "",
      WORKER_INTERVAL_MS: "300",
      WORKER_QUERY_SCHEDULE_S: "1",
      WORKER_QUERY_EVERY_S: "1",
      RECONCILE_AFTER_HOUR: "-1",
      // The shutdown's steps are info lines (the instance inherits VITEST, which means warn).
      LOG_LEVEL: "info",
    },
    onStdout: (line) => logLines.push(line),
  });
  console.info(`instance: ${cluster.mode} mode`);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
}, 30_000);

describe("worker started by instrumentation.ts", () => {
  it("recovers a lost notification by query and closes an expired attempt, in the app process", async (ctx) => {
    if (!cluster) return ctx.skip();
    const c = cluster;
    // Under CI this is a test of `next start` of the build, never of the stand-in server.
    if (process.env.CI === "true") expect(c.mode, "CLUSTER_MODE under CI").toBe("next");
    const make = async (tag: string, expiresInMs: number) => {
      const outTradeNo = `WA${tag}${Date.now()}`;
      // Notifications go nowhere: only the worker can find out.
      const { code_url } = await c.wechat.client.createNativeOrder({
        outTradeNo,
        description: "后台",
        amountFen: 990,
        notifyUrl: "http://127.0.0.1:9/notify",
      });
      const order = await c.db.order.create({
        data: { livemode: false, orderNo: `O-${outTradeNo}`, totalFen: 990, description: "后台" },
      });
      return c.db.paymentAttempt.create({
        data: {
          livemode: false,
          orderId: order.id,
          outTradeNo,
          channel: "NATIVE",
          amountFen: 990,
          codeUrl: code_url,
          mchid: c.wechat.merchant.mchId,
          appid: c.wechat.merchant.appId,
          expiresAt: new Date(Date.now() + expiresInMs),
        },
      });
    };
    const lost = await make("L", 3600_000);
    const expired = await make("E", -1000);
    await fetch(`${c.sim.url}/_sim/orders/${lost.outTradeNo}/pay`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });

    const deadline = Date.now() + 20_000;
    let states: string[] = [];
    while (Date.now() < deadline) {
      states = await Promise.all(
        [lost, expired].map(async (p) => (await c.db.paymentAttempt.findUniqueOrThrow({ where: { id: p.id } })).status),
      );
      if (states[0] === "PAID" && states[1] === "CLOSED") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(states).toEqual(["PAID", "CLOSED"]);
    expect((await c.wechat.client.queryOrderByOutTradeNo(expired.outTradeNo)).trade_state).toBe("CLOSED");
    expect(await c.db.paymentEvent.findFirst({ where: { paymentId: lost.id, type: "STATE_CHANGED" } })).toMatchObject({
      toStatus: "PAID",
      detail: { source: "query" },
    });
  }, 40_000);

  it("stops on SIGTERM with the worker running: its passes finish, pools close, exit 0", async (ctx) => {
    if (!cluster) return ctx.skip();
    const t = Date.now();
    expect(await cluster.kill(0, "SIGTERM")).toEqual({ code: 0, signal: null });
    expect(Date.now() - t).toBeLessThan(5_000);
    const messages = logLines.flatMap((l) => {
      try {
        return [(JSON.parse(l) as { msg: string }).msg];
      } catch {
        return [];
      }
    });
    expect(messages.filter((m) => m.startsWith("shutdown:"))).toEqual([
      expect.stringMatching(/^shutdown: SIGTERM: readiness 503/),
      expect.stringMatching(/^shutdown: done after \d+ ms$/),
    ]);
  }, 20_000);
});
