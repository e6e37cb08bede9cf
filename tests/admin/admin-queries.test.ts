import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scryptSync } from "node:crypto";
import { authenticate } from "@/lib/auth/authenticate";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { changeAdminUser } from "@/lib/admin/change-admin-user";
import { attentionLists, dailyStats, sumStats } from "@/lib/admin/dashboard-stats";
import { iterateOrders, listOrders } from "@/lib/admin/list-orders";
import { listReports } from "@/lib/admin/list-reports";
import { parseOrderFilter } from "@/lib/admin/order-filter";
import { ConflictError, NotFoundError, RateLimitedError } from "@/lib/errors/app-error";
import { prismaRunner } from "@/lib/db/hot-sql";
import type { SignInLimits } from "@/lib/auth/sign-in-limits";
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
          verification: "VERIFIED",
          flagged: true,
          flagReason: id,
          paymentId,
        },
      });
    await flag(stuckLive.id, "n-live");
    await flag(stuckTest.id, "n-test");
    await flag(null, "n-unread"); // flagged for an out_trade_no we never issued: no payment, so no mode of its own
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

    // A flagged notification matched to no payment has no mode: it shows in the primary mode's view only.
    const flagged = async (livemode: boolean, primary: boolean) =>
      (await attentionLists(m!.db, livemode, primary, at)).notifications.map((n) => n.flagReason).sort();
    expect(await flagged(true, true)).toEqual(["n-live", "n-unread"]);
    expect(await flagged(false, true)).toEqual(["n-test"]);
    expect(await flagged(false, false)).toEqual(["n-test", "n-unread"]);
    const liveLists = await attentionLists(m.db, true, true, at);
    expect(liveLists.stuckPayments.map((p) => p.order.orderNo)).toEqual(["20261127-LVPD"]);

    expect((await listReports(m.db, true)).map((r) => r.triggeredBy)).toEqual(["t-true"]);
    expect((await listReports(m.db, false)).map((r) => r.triggeredBy)).toEqual(["t-false"]);
  });

  it("sign-in: right and wrong passwords, disabled user, growing delays per email and client, the email brake", async (ctx) => {
    if (!m) return ctx.skip();
    const sql = prismaRunner(m.db);
    // Weak parameters so the wrong guesses cost nothing; the first success upgrades the hash.
    const salt = Buffer.from("0123456789abcdef");
    const key = scryptSync("correct-horse", salt, 32, { N: 1024, r: 8, p: 1 });
    const weakHash = ["scrypt", 1024, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
    await m.db.adminUser.create({ data: { email: "A@Demo.local", role: "ADMIN", passwordHash: weakHash } });
    await m.db.adminUser.create({
      data: { email: "off@demo.local", role: "ADMIN", disabled: true, passwordHash: weakHash },
    });
    const minute = 60_000;
    const limits: SignInLimits = {
      pair: { name: `t-pair-${kind}`, free: 3, baseMs: minute, maxMs: minute, decayMs: minute },
      client: { name: `t-client-${kind}`, limit: 100, windowMs: minute },
      email: { name: `t-email-${kind}`, limit: 6, windowMs: minute },
      knownMs: minute,
    };
    const signIn = (email: string, password: string, ip: string) =>
      authenticate(m!.db, sql, { email, password, ip }, limits);
    const stored = async () =>
      (await m!.db.adminUser.findFirstOrThrow({ where: { email: "A@Demo.local" } })).passwordHash;

    // The owner signs in from their usual address (case and spaces do not matter).
    expect(await signIn(" A@demo.local ", "correct-horse", "10.0.0.1")).toMatchObject({ email: "A@Demo.local" });
    const upgraded = await stored();
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await signIn("off@demo.local", "correct-horse", "10.0.0.1")).toBeNull();
    expect(await signIn("nobody@demo.local", "x", "10.0.0.1")).toBeNull();

    // A stranger: three guesses at once, then a wait (even the right password is not checked).
    for (let i = 0; i < 3; i++) expect(await signIn("a@demo.local", "wrong", "10.0.0.2")).toBeNull();
    const wait = await signIn("a@demo.local", "correct-horse", "10.0.0.2").catch((e: unknown) => e);
    expect(wait).toBeInstanceOf(RateLimitedError);
    expect((wait as RateLimitedError).retryAfterSeconds).toBeGreaterThan(30); // ~60 s (a loaded machine is slow)
    // More addresses trip the email brake (6 attempts from addresses not known at the time)...
    for (let i = 0; i < 2; i++) expect(await signIn("a@demo.local", "wrong", "10.0.0.3")).toBeNull();
    await expect(signIn("a@demo.local", "wrong", "10.0.0.4")).rejects.toBeInstanceOf(RateLimitedError);
    await expect(signIn("a@demo.local", "correct-horse", "10.0.0.5")).rejects.toBeInstanceOf(RateLimitedError);
    // ...but the owner's known address is not locked out, and the upgraded hash is kept.
    expect(await signIn("a@demo.local", "correct-horse", "10.0.0.1")).toMatchObject({ email: "A@Demo.local" });
    expect(await stored()).toBe(upgraded);

    expect(await m.db.auditLog.count({ where: { action: "SIGN_IN_FAILED", actorEmail: "a@demo.local" } })).toBe(5);
    const signIns = await m.db.auditLog.findMany({ where: { action: "SIGN_IN", actorEmail: "A@Demo.local" } });
    expect(signIns.map((r) => r.detail)).toEqual(expect.arrayContaining([{ passwordRehashed: true }, null]));
  }, 60_000); // three N=2^17 hashes: ~2 s idle, much more on a loaded machine

  it("users: changes are audited, end sessions, and never leave no enabled admin (even racing)", async (ctx) => {
    if (!m) return ctx.skip();
    const db = m.db;
    const hash = await hashPassword("correct-horse");
    const mk = (email: string, role: "ADMIN" | "VIEWER") =>
      db.adminUser.create({ data: { email, role, passwordHash: hash }, select: { id: true, email: true } });
    // Admins made by other tests in this file count too; start from a known set.
    await db.adminUser.updateMany({ where: { role: "ADMIN" }, data: { disabled: true } });
    const a = await mk("u-a@demo.local", "ADMIN");
    const b = await mk("u-b@demo.local", "ADMIN");
    const v = await mk("u-v@demo.local", "VIEWER");
    const actorA = { ...a, name: "", role: "ADMIN" as const };
    const version = async (id: string) =>
      (await db.adminUser.findUniqueOrThrow({ where: { id }, select: { sessionVersion: true } })).sessionVersion;

    // Two admins demoting each other at the same moment: exactly one wins.
    const race = await Promise.allSettled([
      changeAdminUser(db, b.id, { action: "set-role", role: "VIEWER" }, actorA),
      changeAdminUser(db, a.id, { action: "set-role", role: "VIEWER" }, { ...b, name: "", role: "ADMIN" }),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((race.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await db.adminUser.count({ where: { role: "ADMIN", disabled: false } })).toBe(1);
    const last = (await db.adminUser.findFirstOrThrow({ where: { role: "ADMIN", disabled: false } })).id;
    const lastActor = last === a.id ? actorA : { ...b, name: "", role: "ADMIN" as const };
    await expect(changeAdminUser(db, last, { action: "disable" }, lastActor)).rejects.toThrow(/last enabled admin/);
    // A refused change changes nothing and audits nothing.
    expect(await db.adminUser.findUniqueOrThrow({ where: { id: last } })).toMatchObject({
      disabled: false,
      sessionVersion: 0,
    });

    const before = await version(v.id);
    await changeAdminUser(db, v.id, { action: "disable" }, lastActor, "10.0.0.1");
    await changeAdminUser(db, v.id, { action: "enable" }, lastActor);
    await changeAdminUser(db, v.id, { action: "sign-out-everywhere" }, lastActor);
    await changeAdminUser(db, v.id, { action: "reset-password", password: "a-new-password" }, lastActor);
    expect(await version(v.id)).toBe(before + 3); // disable, sign out everywhere, reset; not enable
    const after = await db.adminUser.findUniqueOrThrow({ where: { id: v.id } });
    expect(after.disabled).toBe(false);
    expect(await verifyPassword("a-new-password", after.passwordHash)).toBe(true);
    const audit = await db.auditLog.findMany({ where: { targetId: v.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((r) => r.action)).toEqual([
      "USER_DISABLED",
      "USER_ENABLED",
      "USER_SESSIONS_REVOKED",
      "USER_PASSWORD_RESET",
    ]);
    expect(audit[0]).toMatchObject({ actorEmail: lastActor.email, ip: "10.0.0.1" });
    expect(JSON.stringify(audit)).not.toContain("a-new-password");
    await expect(changeAdminUser(db, "not-a-uuid", { action: "disable" }, lastActor)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      changeAdminUser(db, "00000000-0000-4000-8000-000000000000", { action: "disable" }, lastActor),
    ).rejects.toBeInstanceOf(NotFoundError);
  }, 30_000);
});
