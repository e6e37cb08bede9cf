// HEAVY (≈10–20 s): the app instance is killed with SIGKILL in the middle of a burst of
// payment notifications from the simulator, then restarted; WeChat Pay's retry schedule (time
// scale 0.002: 30 ms, 30 ms, 60 ms, 360 ms, 1.2 s, 2.4 s, 3.6 s …) must bring every payment to
// its right state with one transition each. Skips without PostgreSQL (fails under CI=true).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresReachable, startNotifyCluster, type NotifyCluster } from "@/scripts/notify-cluster";

let cluster: NotifyCluster | null = null;

beforeAll(async () => {
  if (!(await postgresReachable())) {
    if (process.env.CI === "true") throw new Error("PostgreSQL is required under CI");
    return;
  }
  cluster = await startNotifyCluster({ instances: 1, sim: { timeScale: 0.002 } });
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
}, 30_000);

const PAID = 30;
const UNPAID = 10;

describe("crash during a notification burst", () => {
  it("SIGKILL mid-burst, restart: retries bring every payment to its right state, once", async (ctx) => {
    if (!cluster) return ctx.skip();
    const c = cluster;
    console.info(`instance: ${c.mode} mode on ${c.urls[0]}`);
    // Under CI this is a test of `next start` of the build, never of the stand-in server.
    if (process.env.CI === "true") expect(c.mode, "CLUSTER_MODE under CI").toBe("next");
    const stamp = Date.now().toString(36).toUpperCase();
    const payments = await Promise.all(
      Array.from({ length: PAID + UNPAID }, async (_, i) => {
        const outTradeNo = `CR${stamp}${String(i).padStart(3, "0")}`;
        const amountFen = 100 + i;
        const { code_url } = await c.wechat.client.createNativeOrder({
          outTradeNo,
          description: "崩溃测试",
          amountFen,
          notifyUrl: c.notifyUrl(0),
        });
        const order = await c.db.order.create({
          data: { livemode: false, orderNo: `O-${outTradeNo}`, totalFen: amountFen, description: "崩溃测试" },
        });
        return c.db.paymentAttempt.create({
          data: {
            livemode: false,
            orderId: order.id,
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
    const toPay = payments.slice(0, PAID);
    const pay = (no: string) =>
      fetch(`${c.sim.url}/_sim/orders/${no}/pay`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      });

    // The burst: the first third is paid at once and the app dies while those deliveries are in
    // flight; the rest are paid while it is down; then it comes back.
    const first = toPay.slice(0, 10).map((p) => pay(p.outTradeNo));
    await new Promise((r) => setTimeout(r, 15));
    await c.kill(0, "SIGKILL");
    await Promise.all(first);
    for (const p of toPay.slice(10)) expect((await pay(p.outTradeNo)).status).toBe(200);
    const downFor = Date.now();
    await c.restart(0);
    console.info(`restarted after ${Date.now() - downFor} ms`);

    const deadline = Date.now() + 40_000;
    let paid = 0;
    while (Date.now() < deadline) {
      paid = await c.db.paymentAttempt.count({ where: { id: { in: toPay.map((p) => p.id) }, status: "PAID" } });
      if (paid === PAID) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(paid).toBe(PAID);

    const notifications = c.sim.context.notifier.all().filter((n) => n.out_trade_no.startsWith(`CR${stamp}`));
    expect(notifications).toHaveLength(PAID);
    // The crash really cost deliveries: some attempts failed and were retried.
    const failed = notifications.flatMap((n) => n.attempts).filter((a) => !a.ok);
    expect(failed.length).toBeGreaterThan(0);
    console.info(`${failed.length} delivery attempts failed during the crash and were retried`);

    for (const p of toPay) {
      const s = await c.db.paymentAttempt.findUniqueOrThrow({ where: { id: p.id }, include: { order: true } });
      expect([s.status, s.order.status]).toEqual(["PAID", "PAID"]);
      expect(await c.db.paymentEvent.count({ where: { paymentId: p.id, type: "STATE_CHANGED" } })).toBe(1);
    }
    for (const n of notifications)
      expect(await c.db.notificationEvent.count({ where: { notificationId: n.id } })).toBe(1);
    for (const p of payments.slice(PAID)) {
      const s = await c.db.paymentAttempt.findUniqueOrThrow({ where: { id: p.id } });
      expect(s.status).toBe("PENDING");
      expect(await c.db.paymentEvent.count({ where: { paymentId: p.id } })).toBe(0);
    }
  }, 60_000);
});
