// The one-statement hot path must write exactly what applyTransaction writes for the case it
// takes, and write nothing (returning null) for every case it leaves to applyTransaction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/create-prisma";
import { applyTransaction } from "@/lib/payments/apply-transaction";
import {
  applySuccessFast as applyFast,
  prismaRunner,
  type SqlRunner,
} from "@/lib/payments/notifications/apply-success-fast";
import { poolRunner } from "@/lib/db/hot-sql";
import pg from "pg";
import { parsePostgresUrl } from "@/lib/db/postgres-url";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { APPID, MCHID, pendingPayment, successResource } from "./notify-fixture";

const merchant = { mchId: MCHID, appId: APPID, livemode: false };
const source = (id: string) => ({
  kind: "notification" as const,
  notificationId: id,
  eventType: "TRANSACTION.SUCCESS",
  requestId: `RQ-${id}`,
  serial: "PUB_KEY_ID_X",
});

async function written(db: Db, paymentId: string, tid = "-") {
  const p = await db.paymentAttempt.findUniqueOrThrow({
    where: { id: paymentId },
    include: { order: { select: { status: true } } },
  });
  const events = await db.paymentEvent.findMany({
    where: { paymentId },
    select: { type: true, fromStatus: true, toStatus: true, detail: true },
  });
  const notes = await db.notificationEvent.findMany({
    where: { paymentId },
    select: {
      eventType: true,
      verification: true,
      serial: true,
      requestId: true,
      resource: true,
      flagged: true,
      flagReason: true,
      outcome: true,
      processedAt: true,
    },
  });
  return {
    payment: {
      status: p.status,
      tradeState: p.tradeState,
      transactionId: p.transactionId?.replace(tid, "*"),
      paidAt: p.paidAt,
      openid: p.openid,
      orderStatus: p.order.status,
    },
    events: events.map((e) => ({
      ...e,
      detail: JSON.parse(
        JSON.stringify(e.detail)
          .replaceAll(p.outTradeNo, "*")
          .replaceAll(tid, "*")
          .replace(/"(RQ-)?EV-[^"]+"/g, '"id"'),
      ),
    })),
    notes: notes.map((n) => ({
      ...n,
      requestId: "id",
      processedAt: n.processedAt !== null,
      resource: JSON.parse(JSON.stringify(n.resource).replaceAll(p.outTradeNo, "*").replaceAll(tid, "*")),
    })),
  };
}

describe.each([
  ["pglite", "prisma"],
  ["postgres", "prisma"],
  ["postgres", "pg"],
] as const)("applySuccessFast on %s through %s", (kind, via) => {
  let m: MigratedDb | null;
  let pool: pg.Pool | undefined;
  let sql: SqlRunner;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
    if (!m) return;
    if (via === "pg") {
      pool = new pg.Pool({ connectionString: parsePostgresUrl(m.engine.url!).connectionString, max: 4 });
      sql = poolRunner(pool);
    } else {
      sql = prismaRunner(m.db);
    }
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await m?.dispose();
  });
  const applySuccessFast = (_db: Db, ...rest: Parameters<typeof applyFast> extends [unknown, ...infer R] ? R : never) =>
    applyFast(sql, ...rest);

  it("writes the same rows as applyTransaction", async (ctx) => {
    if (!m) return ctx.skip();
    const a = await pendingPayment(m.db, 3300, "FA");
    const b = await pendingPayment(m.db, 3300, "FB");
    const [ta, tb] = [`4200${kind}${via}A${Date.now()}`, `4200${kind}${via}B${Date.now()}`];
    const fast = await applySuccessFast(
      m.db,
      successResource(a.outTradeNo, 3300, { transaction_id: ta }),
      source(`EV-${a.id}`),
      merchant,
    );
    const slow = await applyTransaction(
      m.db,
      successResource(b.outTradeNo, 3300, { transaction_id: tb }),
      source(`EV-${b.id}`),
      merchant,
    );
    expect(fast).toEqual({ result: "TRANSITIONED", id: a.id, from: "PENDING", to: "PAID" });
    expect(slow).toEqual({ result: "TRANSITIONED", id: b.id, from: "PENDING", to: "PAID" });
    const wa = await written(m.db, a.id, ta);
    expect(wa.payment).toMatchObject({
      status: "PAID",
      orderStatus: "PAID",
      tradeState: "SUCCESS",
      transactionId: "*",
    });
    expect(wa.events).toHaveLength(1);
    expect(wa.notes).toHaveLength(1);
    expect(wa).toEqual(await written(m.db, b.id, tb));
  });

  it("a duplicate id is DUPLICATE; mismatches and paid payments are left to applyTransaction untouched", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await pendingPayment(m.db, 2000, "FD");
    expect(
      await applySuccessFast(m.db, successResource(p.outTradeNo, 2000), source(`EV-${p.id}`), merchant),
    ).toMatchObject({ result: "TRANSITIONED" });
    expect(await applySuccessFast(m.db, successResource(p.outTradeNo, 2000), source(`EV-${p.id}`), merchant)).toEqual({
      result: "DUPLICATE",
    });
    // Another id for a payment already PAID: not the fast path's case.
    expect(
      await applySuccessFast(m.db, successResource(p.outTradeNo, 2000), source(`EV2-${p.id}`), merchant),
    ).toBeNull();

    const q = await pendingPayment(m.db, 2000, "FM");
    const before = await written(m.db, q.id);
    for (const r of [
      successResource(q.outTradeNo, 1999),
      successResource(q.outTradeNo, 2000, { appid: "wxother" }),
      successResource(q.outTradeNo, 2000, { mchid: "1900000999" }),
      successResource(q.outTradeNo, 2000, { amount: { total: 2000, currency: "USD" } }),
      successResource(q.outTradeNo, 2000, { trade_state: "NOTPAY" }),
      successResource("NOSUCHPAYMENT01", 2000),
    ]) {
      expect(await applySuccessFast(m.db, r, source(`EV-M-${Math.random()}`), merchant)).toBeNull();
    }
    expect(await written(m.db, q.id)).toEqual(before);
    expect(await m.db.notificationEvent.count({ where: { notificationId: { startsWith: "EV-M-" } } })).toBe(0);
  });

  it("concurrent deliveries of one id, with fallback, end in one transition and one stored notification", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await pendingPayment(m.db, 4100, "FC");
    const id = `EV-C-${p.id}`;
    const results = await Promise.all(
      Array.from(
        { length: 20 },
        async () =>
          (await applySuccessFast(m!.db, successResource(p.outTradeNo, 4100), source(id), merchant)) ??
          applyTransaction(m!.db, successResource(p.outTradeNo, 4100), source(id), merchant),
      ),
    );
    expect(results.filter((r) => r.result === "TRANSITIONED")).toHaveLength(1);
    expect(results.filter((r) => r.result === "DUPLICATE")).toHaveLength(19);
    expect(await m.db.notificationEvent.count({ where: { notificationId: id } })).toBe(1);
    expect(await m.db.paymentEvent.count({ where: { paymentId: p.id, type: "STATE_CHANGED" } })).toBe(1);
  });

  // Two connections racing: PGlite is one connection, so these exist only for PostgreSQL.
  describe.runIf(kind === "postgres")("with two connections", () => {
    it("an id stored by a concurrent transaction undoes the whole statement (nothing half-applied)", async (ctx) => {
      if (!m) return ctx.skip();
      const db = m.db;
      const p = await pendingPayment(db, 1800, "FR");
      const id = `EV-R-${p.id}`;
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const didInsert = new Promise<void>((r) => (inserted = r));
      const other = db.$transaction(
        async (tx) => {
          await tx.notificationEvent.create({
            data: {
              notificationId: id,
              verification: "VERIFIED",
              eventType: "TRANSACTION.SUCCESS",
              outcome: "IGNORED",
            },
          });
          inserted();
          await held;
        },
        { timeout: 20_000 },
      );
      await didInsert;
      const fast = applySuccessFast(db, successResource(p.outTradeNo, 1800), source(id), merchant);
      await new Promise((r) => setTimeout(r, 300)); // the fast path is now waiting on the unique key
      release();
      await other;
      expect(await fast).toBeNull();
      expect(await written(db, p.id)).toMatchObject({
        payment: { status: "PENDING", orderStatus: "PENDING" },
        events: [],
        notes: [],
      });
    });
  });
});
