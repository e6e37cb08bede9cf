import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/authenticate";
import { hashPassword } from "@/lib/auth/password";
import { attentionLists, dailyStats, sumStats } from "@/lib/admin/dashboard-stats";
import { iterateOrders, listOrders } from "@/lib/admin/list-orders";
import { listReports } from "@/lib/admin/list-reports";
import { parseOrderFilter } from "@/lib/admin/order-filter";
import { RateLimitedError } from "@/lib/errors/app-error";
import { RateLimiter } from "@/lib/http/rate-limit";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";

describe.each(["postgres", "pglite"] as const)("admin queries on %s", (kind) => {
  let m: MigratedDb | null;
  const now = new Date("2026-11-27T04:00:00Z"); // 12:00 in Beijing
  beforeAll(async () => {
    m = await openMigratedDb(kind);
    if (!m) return;
    const mk = async (
      orderNo: string,
      createdAt: Date,
      status: "PAID" | "PENDING" | "CLOSED",
      totalFen: number,
      transactionId?: string,
      livemode = false,
    ) => {
      const o = await m!.db.order.create({
        data: { livemode, orderNo, totalFen, description: "x", status, createdAt },
      });
      return m!.db.paymentAttempt.create({
        data: {
          livemode,
          orderId: o.id,
          outTradeNo: `OTN${orderNo.replace(/\W/g, "")}`,
          channel: "NATIVE",
          status: status === "PAID" ? "PAID" : status === "CLOSED" ? "CLOSED" : "PENDING",
          amountFen: totalFen,
          mchid: "1",
          appid: "a",
          transactionId,
          expiresAt: new Date(createdAt.getTime() + 3600_000),
          createdAt,
        },
      });
    };
    await mk("20261127-AAAA", new Date("2026-11-26T16:30:00Z"), "PAID", 1000, "4200000001"); // 00:30 Beijing, the 27th
    await mk("20261127-BBBB", new Date("2026-11-27T03:00:00Z"), "PENDING", 500);
    await mk("20261126-CCCC", new Date("2026-11-26T15:30:00Z"), "PAID", 250, "4200000002"); // 23:30 Beijing, the 26th
    await mk("20261120-DDDD", new Date("2026-11-20T02:00:00Z"), "CLOSED", 999); // outside 7 days
    // Live data beside the test data above: the same days, search terms and states.
    await mk("20261127-LIVE", new Date("2026-11-27T02:00:00Z"), "PAID", 7000, "4200000009", true);
    const stuckLive = await mk("20261127-LVPD", new Date("2026-11-27T01:00:00Z"), "PENDING", 300, undefined, true);
    const stuckTest = await m.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo: "OTN20261127BBBB" } });
    const flag = (paymentId: string | null, id: string) =>
      m!.db.notificationEvent.create({
        data: {
          notificationId: id,
          verification: paymentId ? "VERIFIED" : "REJECTED",
          flagged: !!paymentId,
          failureReason: id,
          paymentId,
        },
      });
    await flag(stuckLive.id, "n-live");
    await flag(stuckTest.id, "n-test");
    await flag(null, "n-unread"); // refused before it was read: no payment, so no mode of its own
    for (const livemode of [true, false])
      await m.db.reconciliationReport.create({
        data: { livemode, billDate: new Date("2026-11-26T00:00:00Z"), status: "MATCHED", triggeredBy: `t-${livemode}` },
      });
  }, 30_000);
  afterAll(async () => {
    await m?.dispose();
  });

  it("daily stats group by the Beijing day", async (ctx) => {
    if (!m) return ctx.skip();
    const days = await dailyStats(m.db, false, 7, now);
    expect(days.map((d) => d.day)).toEqual([
      "2026-11-21",
      "2026-11-22",
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
    ]);
    expect(days[6]).toEqual({ day: "2026-11-27", orders: 2, paidOrders: 1, paidFen: 1000, successRate: 0.5 });
    expect(days[5]).toEqual({ day: "2026-11-26", orders: 1, paidOrders: 1, paidFen: 250, successRate: 1 });
    expect(days[0]!.successRate).toBeNull();
    expect(sumStats(days)).toEqual({ orders: 3, paidOrders: 2, paidFen: 1250, successRate: 2 / 3 });
    const lists = await attentionLists(m.db, false, true, new Date("2026-11-27T05:00:00Z"));
    expect(lists.stuckPayments.map((p) => p.order.orderNo)).toEqual(["20261127-BBBB"]);
  });

  it("orders search: order number prefix, out_trade_no, transaction_id, status and Beijing date range", async (ctx) => {
    if (!m) return ctx.skip();
    const nos = async (q: Record<string, string>) =>
      (await listOrders(m!.db, false, parseOrderFilter(q))).rows.map((r) => r.orderNo);
    expect(await nos({ q: "20261127-" })).toEqual(["20261127-BBBB", "20261127-AAAA"]);
    expect(await nos({ q: "OTN20261126CCCC" })).toEqual(["20261126-CCCC"]);
    expect(await nos({ q: "4200000001" })).toEqual(["20261127-AAAA"]);
    expect(await nos({ status: "PAID" })).toEqual(["20261127-AAAA", "20261126-CCCC"]);
    expect(await nos({ from: "2026-11-27", to: "2026-11-27" })).toEqual(["20261127-BBBB", "20261127-AAAA"]);
    expect(await nos({ to: "2026-11-26" })).toEqual(["20261126-CCCC", "20261120-DDDD"]);
    const page = await listOrders(m.db, false, parseOrderFilter({ page: "2" }));
    expect([page.rows.length, page.total, page.pageCount]).toEqual([0, 4, 1]);
  });

  it("orders search takes % and _ literally (LIKE wildcards are escaped)", async (ctx) => {
    if (!m) return ctx.skip();
    const nos = async (q: string) =>
      (await listOrders(m!.db, false, parseOrderFilter({ q }))).rows.map((r) => r.orderNo);
    expect(await nos("%")).toEqual([]);
    expect(await nos("2026112_-")).toEqual([]);
    expect(await nos("%AAAA")).toEqual([]);
    expect(await nos("\\")).toEqual([]);
    expect(await nos("20261127-")).toHaveLength(2);
  });

  it("live and test data never share a count, a list or a report (test mode, data apart)", async (ctx) => {
    if (!m) return ctx.skip();
    const at = new Date("2026-11-27T05:00:00Z");
    const live = await dailyStats(m.db, true, 7, now);
    expect(live[6]).toEqual({ day: "2026-11-27", orders: 2, paidOrders: 1, paidFen: 7000, successRate: 0.5 });
    expect(sumStats(live)).toEqual({ orders: 2, paidOrders: 1, paidFen: 7000, successRate: 0.5 });
    expect((await dailyStats(m.db, false, 7, now))[6]!.paidFen).toBe(1000); // the test view, untouched by live

    const nos = async (livemode: boolean, q: Record<string, string>) =>
      (await listOrders(m!.db, livemode, parseOrderFilter(q))).rows.map((r) => r.orderNo);
    expect(await nos(true, {})).toEqual(["20261127-LIVE", "20261127-LVPD"]);
    expect(await nos(true, { q: "20261127-" })).toEqual(["20261127-LIVE", "20261127-LVPD"]);
    // A test order's identifiers find nothing in the live view, and the other way round.
    expect(await nos(true, { q: "4200000001" })).toEqual([]);
    expect(await nos(false, { q: "4200000009" })).toEqual([]);
    expect(await nos(false, { q: "OTN20261127LIVE" })).toEqual([]);

    // The CSV export walks the same filter.
    const exported = async (livemode: boolean) => {
      const out: string[] = [];
      for await (const r of iterateOrders(m!.db, livemode, parseOrderFilter({}), 1)) out.push(r.orderNo);
      return out;
    };
    expect(await exported(true)).toEqual(["20261127-LIVE", "20261127-LVPD"]);
    expect(await exported(false)).toEqual(["20261127-BBBB", "20261127-AAAA", "20261126-CCCC", "20261120-DDDD"]);

    // Unread notifications have no mode: they show in the primary mode's view only.
    const flagged = async (livemode: boolean, primary: boolean) =>
      (await attentionLists(m!.db, livemode, primary, at)).notifications.map((n) => n.failureReason).sort();
    expect(await flagged(true, true)).toEqual(["n-live", "n-unread"]);
    expect(await flagged(false, true)).toEqual(["n-test"]);
    expect(await flagged(false, false)).toEqual(["n-test", "n-unread"]);
    const liveLists = await attentionLists(m.db, true, true, at);
    expect(liveLists.stuckPayments.map((p) => p.order.orderNo)).toEqual(["20261127-LVPD"]);

    expect((await listReports(m.db, true)).map((r) => r.triggeredBy)).toEqual(["t-true"]);
    expect((await listReports(m.db, false)).map((r) => r.triggeredBy)).toEqual(["t-false"]);
  });

  it("sign-in: right password, wrong password, disabled user, and the per-email limit", async (ctx) => {
    if (!m) return ctx.skip();
    await m.db.adminUser.create({
      data: { email: "A@Demo.local", role: "ADMIN", passwordHash: await hashPassword("correct-horse") },
    });
    await m.db.adminUser.create({
      data: {
        email: "off@demo.local",
        role: "ADMIN",
        disabled: true,
        passwordHash: await hashPassword("correct-horse"),
      },
    });
    const limiters = { perIp: new RateLimiter(100, 60_000), perEmail: new RateLimiter(3, 60_000) };
    const ip = "10.0.0.9";
    expect(
      await authenticate(m.db, limiters, { email: " A@demo.local ", password: "correct-horse", ip }),
    ).toMatchObject({ email: "A@Demo.local", role: "ADMIN" });
    expect(await authenticate(m.db, limiters, { email: "off@demo.local", password: "correct-horse", ip })).toBeNull();
    expect(await authenticate(m.db, limiters, { email: "nobody@demo.local", password: "x", ip })).toBeNull();
    for (let i = 0; i < 3; i++)
      expect(await authenticate(m.db, limiters, { email: "a@demo.local", password: "wrong", ip })).toBeNull();
    await expect(
      authenticate(m.db, limiters, { email: "a@demo.local", password: "correct-horse", ip }),
    ).rejects.toBeInstanceOf(RateLimitedError);
    expect(await m.db.auditLog.count({ where: { action: "SIGN_IN_FAILED", actorEmail: "a@demo.local" } })).toBe(3);
    expect(await m.db.auditLog.count({ where: { action: "SIGN_IN", actorEmail: "A@Demo.local" } })).toBe(1);
  });
});
