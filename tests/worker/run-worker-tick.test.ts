// The background worker against the real simulator and a migrated database: lost
// notifications are recovered by query, expired attempts closed, refunds followed up, and row
// claims stay single across two Prisma pools (two "instances") on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma, type Db } from "@/lib/db/create-prisma";
import { claimReconciliation } from "@/lib/worker/claim-reconciliation";
import { claimDuePayments } from "@/lib/worker/claim-rows";
import { runWorkerTick } from "@/lib/worker/run-worker-tick";
import { loadConfig } from "@/lib/config";
import { workerSettings, type WorkerSettings } from "@/lib/worker/worker-settings";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { startSimWechat, type SimWechat } from "./simulator-wechat";

const settings: WorkerSettings = { ...workerSettings(loadConfig({})), reconcileAfterHour: -1 };
const notifyUrl = "http://127.0.0.1:9/api/v1/payments/wechat/notify";
const later = (s: number) => new Date(Date.now() + s * 1000);

describe.each(["pglite", "postgres"] as const)("worker tick on %s", (kind) => {
  let m: MigratedDb | null;
  let s: SimWechat;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
    s = await startSimWechat();
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
    await m?.dispose();
  });

  let n = 0;
  async function payment(
    opts: {
      amountFen?: number;
      expiresInS?: number;
      atSimulator?: boolean;
      placed?: boolean;
      createdAgoS?: number;
      queriedAgoS?: number;
    } = {},
  ) {
    n += 1;
    const amountFen = opts.amountFen ?? 1500;
    const outTradeNo = `WK${kind.slice(0, 2)}${Date.now()}${n}`;
    const placed =
      opts.atSimulator !== false
        ? await s.wechat.client.createNativeOrder({ outTradeNo, description: "后台任务", amountFen, notifyUrl })
        : null;
    const order = await m!.db.order.create({
      data: { livemode: false, orderNo: `O-${outTradeNo}`, totalFen: amountFen, description: "后台任务" },
    });
    return m!.db.paymentAttempt.create({
      data: {
        livemode: false,
        orderId: order.id,
        outTradeNo,
        channel: "NATIVE",
        amountFen,
        mchid: s.wechat.merchant.mchId,
        appid: s.wechat.merchant.appId,
        expiresAt: later(opts.expiresInS ?? 7200),
        codeUrl: opts.placed === false ? null : (placed?.code_url ?? "weixin://wxpay/bizpayurl?pr=notplaced"),
        createdAt: opts.createdAgoS ? new Date(Date.now() - opts.createdAgoS * 1000) : undefined,
        lastQueriedAt: opts.queriedAgoS ? new Date(Date.now() - opts.queriedAgoS * 1000) : undefined,
      },
    });
  }
  const status = async (id: string) =>
    await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id }, include: { order: true } });

  it("queries a quiet PENDING payment whose notification was lost, and leaves young ones alone", async (ctx) => {
    if (!m) return ctx.skip();
    const lost = await payment();
    await s.control("POST", `/_sim/orders/${lost.outTradeNo}/pay`, {});
    const r = await runWorkerTick(m.db, s.wechat, settings, later(120));
    expect(r.errors).toEqual([]);
    const p = await status(lost.id);
    expect(p.status).toBe("PAID");
    expect(p.order.status).toBe("PAID");
    const ev = await m.db.paymentEvent.findFirstOrThrow({ where: { paymentId: lost.id, type: "STATE_CHANGED" } });
    expect(ev.detail).toMatchObject({ source: "query" });

    const young = await payment();
    await s.control("POST", `/_sim/orders/${young.outTradeNo}/pay`, {});
    await runWorkerTick(m.db, s.wechat, settings); // created just now: its notification may still come
    expect((await status(young.id)).status).toBe("PENDING");
  });

  it("keeps a queried NOTPAY payment pending and does not query it again before its next scheduled point", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await payment();
    const claim = (atS: number) =>
      claimDuePayments(m!.db, { now: later(atS), schedule: settings.querySchedule, rate: 10_000, livemode: false });
    // Schedule 10, 30, 60, 120, 300 s, then every 300 s: at 120 s the 120 s point is due.
    expect(await claim(120)).toContain(p.outTradeNo);
    expect(await claim(150)).not.toContain(p.outTradeNo); // next point: 300 s
    expect(await claim(299)).not.toContain(p.outTradeNo);
    expect(await claim(301)).toContain(p.outTradeNo);
  });

  it("a failed attempt on a Native order stays PENDING (NOTPAY, not PAYERROR) and can still be paid", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await payment();
    const failed = await s.control<{ trade_state: string }>("POST", `/_sim/orders/${p.outTradeNo}/fail`, {});
    expect(failed.data.trade_state).toBe("NOTPAY");
    expect((await runWorkerTick(m.db, s.wechat, settings, later(120))).errors).toEqual([]);
    expect((await status(p.id)).status).toBe("PENDING");
    await s.control("POST", `/_sim/orders/${p.outTradeNo}/pay`, {});
    await runWorkerTick(m.db, s.wechat, settings, later(600));
    expect((await status(p.id)).status).toBe("PAID");
  });

  it("never queries an attempt that was not placed; backs off to every 5 minutes with age", async (ctx) => {
    if (!m) return ctx.skip();
    const notPlaced = await payment({ atSimulator: false, placed: false, createdAgoS: 600 });
    // Age 3500 s: the last point passed was 3300 s (every 300 s after 300 s), i.e. 200 s ago.
    const hourOldRecent = await payment({ atSimulator: false, createdAgoS: 3500, queriedAgoS: 100 });
    const hourOldQuiet = await payment({ atSimulator: false, createdAgoS: 3500, queriedAgoS: 250 });
    // Age 100 s: the 60 s point passed 40 s ago; queried 50 s ago (at 50 s), before it.
    const youngQuiet = await payment({ atSimulator: false, createdAgoS: 100, queriedAgoS: 50 });
    const youngRecent = await payment({ atSimulator: false, createdAgoS: 100, queriedAgoS: 30 });
    const claimed = await claimDuePayments(m.db, { schedule: settings.querySchedule, rate: 10_000, livemode: false });
    expect(claimed).not.toContain(notPlaced.outTradeNo);
    expect(claimed).not.toContain(hourOldRecent.outTradeNo);
    expect(claimed).toContain(hourOldQuiet.outTradeNo);
    expect(claimed).toContain(youngQuiet.outTradeNo);
    expect(claimed).not.toContain(youngRecent.outTradeNo);
  });

  it("closes expired attempts at WeChat Pay and here; one paid meanwhile becomes PAID instead", async (ctx) => {
    if (!m) return ctx.skip();
    const expired = await payment({ expiresInS: 1 });
    const paidLate = await payment({ expiresInS: 1 });
    await s.control("POST", `/_sim/orders/${paidLate.outTradeNo}/pay`, {});
    const r = await runWorkerTick(m.db, s.wechat, settings, later(5));
    expect(r.errors).toEqual([]);
    expect((await status(expired.id)).status).toBe("CLOSED");
    expect((await s.wechat.client.queryOrderByOutTradeNo(expired.outTradeNo)).trade_state).toBe("CLOSED");
    expect((await status(paidLate.id)).status).toBe("PAID");
  });

  it("follows PROCESSING refunds and resubmits refunds left CREATED, a minute after the last one", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await payment({ amountFen: 3000 });
    await s.control("POST", `/_sim/orders/${p.outTradeNo}/pay`, {});
    await runWorkerTick(m.db, s.wechat, settings, later(120));
    expect((await status(p.id)).status).toBe("PAID");

    const processing = await s.wechat.client.createRefund({
      outTradeNo: p.outTradeNo,
      outRefundNo: `RP${p.outTradeNo}`,
      refundFen: 1000,
      totalFen: 3000,
    });
    await m.db.paymentAttempt.update({ where: { id: p.id }, data: { refundedFen: 2000, refundCount: 2 } });
    const r1 = await m.db.refund.create({
      data: {
        livemode: false,
        paymentId: p.id,
        outRefundNo: `RP${p.outTradeNo}`,
        refundId: processing.refund_id,
        amountFen: 1000,
        status: "PROCESSING",
        requestedBy: "admin",
      },
    });
    // Stored, then the process died before WeChat Pay was called.
    const r2 = await m.db.refund.create({
      data: {
        livemode: false,
        paymentId: p.id,
        outRefundNo: `RC${p.outTradeNo}`,
        amountFen: 1000,
        status: "CREATED",
        requestedBy: "admin",
        createdAt: new Date(Date.now() - 60_000),
      },
    });
    await new Promise((r) => setTimeout(r, 150)); // simulator settles after refundDelayMs

    // Within a minute of RP… WeChat Pay refuses a new refund of the order (429): it stays CREATED.
    const limited = await runWorkerTick(m.db, s.wechat, settings, later(120));
    expect(limited.errors).toEqual([]);
    expect((await m.db.refund.findUniqueOrThrow({ where: { id: r2.id } })).status).toBe("CREATED");
    await s.control("POST", "/_sim/clock/advance", { seconds: 61 });
    const r = await runWorkerTick(m.db, s.wechat, settings, later(600)).finally(() =>
      s.control("POST", "/_sim/clock/advance", { seconds: -61 }),
    );
    expect(r.errors).toEqual([]);
    expect(r.refundsResubmitted).toBe(1);
    expect((await m.db.refund.findUniqueOrThrow({ where: { id: r1.id } })).status).toBe("SUCCESS");
    expect(["PROCESSING", "SUCCESS"]).toContain((await m.db.refund.findUniqueOrThrow({ where: { id: r2.id } })).status);
    expect((await s.wechat.client.queryRefund(`RC${p.outTradeNo}`)).amount.refund).toBe(1000);
    expect((await status(p.id)).status).toBe("PARTIALLY_REFUNDED");
  });

  it("reconciles yesterday's bill once a day, from the configured Beijing hour", async (ctx) => {
    if (!m) return ctx.skip();
    const now = new Date();
    const yesterday = new Date(
      `${new Date(now.getTime() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`,
    );
    const daily = { ...settings, reconcileAfterHour: 0 };
    const first = await runWorkerTick(m.db, s.wechat, daily, now);
    expect(first.reconciled).toBe(yesterday.toISOString().slice(0, 10));
    const second = await runWorkerTick(m.db, s.wechat, daily, now);
    expect(second.reconciled).toBeNull();
    const reports = await m.db.reconciliationReport.findMany({ where: { billDate: yesterday, triggeredBy: "worker" } });
    expect(reports).toHaveLength(1);
    expect(["MATCHED", "MISMATCHED"]).toContain(reports[0]!.status);
    expect(reports[0]!.finishedAt).not.toBeNull();
    // Before the hour (here: never reached), nothing is claimed.
    expect((await runWorkerTick(m.db, s.wechat, { ...settings, reconcileAfterHour: 24 }, now)).reconciled).toBeNull();
  });

  // Two connections racing: PGlite is one connection, so these exist only for PostgreSQL.
  describe.runIf(kind === "postgres")("with two connections", () => {
    it("two instances claiming at once never get the same row; the daily reconciliation is claimed once", async (ctx) => {
      if (!m) return ctx.skip();
      const other: Db = await createPrisma({ kind: "postgres", url: m.engine.url! }, { poolSize: 4 });
      try {
        const made = await Promise.all(Array.from({ length: 30 }, () => payment({ atSimulator: false })));
        // Six claims at once from two "instances" per second, sharing WECHAT_QUERY_RATE = 10/s.
        const rate = 10;
        const all: string[] = [];
        for (let round = 0; round < 20 && !made.every((p) => all.includes(p.outTradeNo)); round++) {
          const when = later(600 + round * 1.1);
          const claims = await Promise.all(
            Array.from({ length: 6 }, (_, i) =>
              claimDuePayments(i % 2 ? other : m!.db, {
                now: when,
                schedule: settings.querySchedule,
                rate,
                livemode: false,
              }),
            ),
          );
          expect(claims.flat().length).toBeLessThanOrEqual(rate); // the bound holds across instances
          all.push(...claims.flat());
        }
        expect(new Set(all).size).toBe(all.length);
        for (const p of made) expect(all).toContain(p.outTradeNo);

        const ids = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            claimReconciliation(i % 2 ? other : m!.db, "2026-11-20", new Date(), false),
          ),
        );
        expect(ids.filter((x) => x !== null)).toHaveLength(1);
        expect(await m.db.reconciliationReport.count({ where: { billDate: new Date("2026-11-20T00:00:00Z") } })).toBe(
          1,
        );
      } finally {
        await other.$disconnect();
      }
    });
  });
});
