// The transactional outbox: every committed transition has its event, a rolled-back one never,
// and duplicates or racing deliveries never make a second one — on the one-statement hot path
// and on the reference path alike, on PGlite and PostgreSQL.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/create-prisma";
import { parsePostgresUrl } from "@/lib/db/postgres-url";
import { newSessionId } from "@/lib/checkout-sessions/session-id";
import { renderEvents } from "@/lib/event-objects/event-object";
import { applyRefund, markRefundRejected } from "@/lib/payments/apply-refund";
import { applyTransaction } from "@/lib/payments/apply-transaction";
import { applySuccessFast, prismaRunner, type SqlRunner } from "@/lib/payments/notifications/apply-success-fast";
import { poolRunner } from "@/lib/db/hot-sql";
import { reserveRefund } from "@/lib/refunds/reserve-refund";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { APPID, MCHID, pendingPayment, successResource } from "@/tests/notifications/notify-fixture";

const merchant = { mchId: MCHID, appId: APPID, livemode: false };
let tids = 0;
/** A success for this payment with a transaction_id no other test uses. */
const paid = (outTradeNo: string, total: number, over: Parameters<typeof successResource>[2] = {}) =>
  successResource(outTradeNo, total, {
    transaction_id: `42${Date.now()}${String((tids += 1)).padStart(6, "0")}`,
    ...over,
  });
const notification = (id: string) => ({
  kind: "notification" as const,
  notificationId: id,
  eventType: "TRANSACTION.SUCCESS",
});
const eventTypes = async (db: Db, orderId: string) =>
  (await db.event.findMany({ where: { orderId }, orderBy: { seq: "asc" }, select: { type: true } })).map((e) => e.type);

async function withSession(db: Db, orderId: string): Promise<string> {
  const id = newSessionId();
  await db.checkoutSession.create({ data: { id, orderId, successUrl: "https://shop.example.com/thanks" } });
  return id;
}

describe.each([
  ["pglite", "prisma"],
  ["postgres", "pg"],
] as const)("outbox on %s (hot path through %s)", (kind, via) => {
  let m: MigratedDb | null;
  let pool: pg.Pool | undefined;
  let sql: SqlRunner;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
    if (!m) return;
    if (via === "pg") {
      pool = new pg.Pool({ connectionString: parsePostgresUrl(m.engine.url!).connectionString, max: 6 });
      sql = poolRunner(pool);
    } else sql = prismaRunner(m.db);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await m?.dispose();
  });

  it("the hot path writes payment.succeeded and checkout.session.completed with the transition", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await pendingPayment(m.db, 3100, "OB");
    const sessionId = await withSession(m.db, p.orderId);
    const r = await applySuccessFast(sql, paid(p.outTradeNo, 3100), notification(`EV-OB-${p.id}`), merchant);
    expect(r).toMatchObject({ result: "TRANSITIONED" });
    expect(await eventTypes(m.db, p.orderId)).toEqual(["payment.succeeded", "checkout.session.completed"]);

    // Rendered as the REST API shows the objects, in their current state.
    const rows = await m.db.event.findMany({ where: { orderId: p.orderId }, orderBy: { seq: "asc" } });
    const [succeeded, completed] = await renderEvents(m.db, rows, "https://pay.example.com");
    expect(succeeded).toMatchObject({
      object: "event",
      type: "payment.succeeded",
      data: { object: { object: "order", status: "PAID", checkoutSessionId: sessionId, amountTotalFen: 3100 } },
    });
    expect(completed).toMatchObject({
      type: "checkout.session.completed",
      data: { object: { object: "checkout.session", id: sessionId, status: "complete" } },
    });
    expect(succeeded!.id).toMatch(/^evt_[0-9A-Za-z]{24}$/);
  });

  it("an order without a session gets payment.succeeded only, on either path", async (ctx) => {
    if (!m) return ctx.skip();
    const a = await pendingPayment(m.db, 1200, "OC");
    const b = await pendingPayment(m.db, 1200, "OD");
    await applySuccessFast(sql, paid(a.outTradeNo, 1200), notification(`EV-OC-${a.id}`), merchant);
    await applyTransaction(m.db, paid(b.outTradeNo, 1200), notification(`EV-OD-${b.id}`), merchant);
    expect(await eventTypes(m.db, a.orderId)).toEqual(["payment.succeeded"]);
    expect(await eventTypes(m.db, b.orderId)).toEqual(["payment.succeeded"]);
  });

  it("100 deliveries of one notification, racing on both paths, make one payment.succeeded", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await pendingPayment(m.db, 4400, "OR");
    await withSession(m.db, p.orderId);
    const id = `EV-OR-${p.id}`;
    const res = paid(p.outTradeNo, 4400);
    const results = await Promise.all(
      Array.from(
        { length: 100 },
        async (_, i) =>
          (i % 2 === 0 ? await applySuccessFast(sql, res, notification(id), merchant) : null) ??
          applyTransaction(m!.db, res, notification(id), merchant),
      ),
    );
    expect(results.filter((r) => r.result === "TRANSITIONED")).toHaveLength(1);
    expect(await eventTypes(m.db, p.orderId)).toEqual(["payment.succeeded", "checkout.session.completed"]);
    // Other notification ids for the paid payment (WeChat Pay re-sends) and queries add nothing.
    await applyTransaction(m.db, res, notification(`${id}-again`), merchant);
    await applyTransaction(m.db, res, { kind: "query" }, merchant);
    expect(await m.db.event.count({ where: { orderId: p.orderId } })).toBe(2);
  });

  it("a transition that rolls back leaves no event", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await pendingPayment(m.db, 900, "OX");
    // Make the timeline insert of this one order fail, after the event row was written.
    await m.db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION fail_for_order() RETURNS trigger AS $$
      BEGIN IF NEW.order_id = '${p.orderId}'::uuid AND NEW.type = 'STATE_CHANGED' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await m.db.$executeRawUnsafe(
      `CREATE TRIGGER fail_for_order BEFORE INSERT ON payment_events FOR EACH ROW EXECUTE FUNCTION fail_for_order()`,
    );
    try {
      await expect(
        applySuccessFast(sql, paid(p.outTradeNo, 900), notification(`EV-OX1-${p.id}`), merchant),
      ).rejects.toThrow(/boom/);
      await expect(
        applyTransaction(m.db, paid(p.outTradeNo, 900), notification(`EV-OX2-${p.id}`), merchant),
      ).rejects.toThrow(/boom/);
    } finally {
      await m.db.$executeRawUnsafe(`DROP TRIGGER fail_for_order ON payment_events`);
    }
    expect(await m.db.event.count({ where: { orderId: p.orderId } })).toBe(0);
    expect((await m.db.paymentAttempt.findUniqueOrThrow({ where: { id: p.id } })).status).toBe("PENDING");
  });

  it("payment.flagged once per payment and reason: mismatch, double payment, paid after close", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await pendingPayment(m.db, 2000, "OF");
    await applyTransaction(m.db, paid(p.outTradeNo, 1999), notification(`EV-OF1-${p.id}`), merchant);
    await applyTransaction(m.db, paid(p.outTradeNo, 1999), notification(`EV-OF2-${p.id}`), merchant);
    await applyTransaction(m.db, paid(p.outTradeNo, 1999), { kind: "query" }, merchant);
    const flagged = await m.db.event.findMany({ where: { orderId: p.orderId } });
    expect(flagged.map((e) => [e.type, e.detail])).toEqual([
      ["payment.flagged", { reason: "AMOUNT_MISMATCH", outTradeNo: p.outTradeNo }],
    ]);
    const [rendered] = await renderEvents(m.db, flagged, "https://pay.example.com");
    expect(rendered?.data).toMatchObject({
      reason: "AMOUNT_MISMATCH",
      outTradeNo: p.outTradeNo,
      object: { object: "order" },
    });

    // A second attempt of the same order paid too: recorded, and flagged instead of announced again.
    const first = await pendingPayment(m.db, 1500, "OG");
    const second = await m.db.paymentAttempt.create({
      data: {
        livemode: false,
        orderId: first.orderId,
        outTradeNo: `${first.outTradeNo.slice(0, 20)}B`,
        channel: "H5",
        amountFen: 1500,
        mchid: MCHID,
        appid: APPID,
        expiresAt: new Date(Date.now() + 3600_000),
      },
    });
    await applyTransaction(m.db, paid(first.outTradeNo, 1500), notification(`EV-OG1-${first.id}`), merchant);
    await applyTransaction(
      m.db,
      successResource(second.outTradeNo, 1500),
      notification(`EV-OG2-${second.id}`),
      merchant,
    );
    expect(await eventTypes(m.db, first.orderId)).toEqual(["payment.succeeded", "payment.flagged"]);

    // Money taken on an attempt we had closed.
    const c = await pendingPayment(m.db, 800, "OH");
    await m.db.paymentAttempt.update({ where: { id: c.id }, data: { status: "CLOSED" } });
    await applyTransaction(m.db, paid(c.outTradeNo, 800), notification(`EV-OH-${c.id}`), merchant);
    const [closedFlag] = await m.db.event.findMany({ where: { orderId: c.orderId } });
    expect([closedFlag?.type, closedFlag?.detail]).toEqual([
      "payment.flagged",
      { reason: "PAID_AFTER_CLOSE", outTradeNo: c.outTradeNo },
    ]);
  });

  it("refunds: created, succeeded, failed (CLOSED and REJECTED), abnormal — each once", async (ctx) => {
    if (!m) return ctx.skip();
    const p = await pendingPayment(m.db, 5000, "OK");
    await applyTransaction(m.db, paid(p.outTradeNo, 5000), notification(`EV-OK-${p.id}`), merchant);
    const actor = { email: "ops@demo.local" };
    const reserve = (amountFen: number, key?: string) =>
      reserveRefund(m!.db, {
        outTradeNo: p.outTradeNo,
        amountFen,
        reason: "t",
        actor,
        idempotencyKey: key,
        livemode: false,
      });
    const state = (outRefundNo: string, status: "SUCCESS" | "CLOSED" | "ABNORMAL" | "PROCESSING", amount: number) => ({
      out_refund_no: outRefundNo,
      refund_id: `50${outRefundNo.slice(-20)}`,
      status,
      amount: { refund: amount, total: 5000 },
    });
    const ok = (await reserve(1000, `k-ok-${kind}`)).refund;
    expect((await reserve(1000, `k-ok-${kind}`)).reused).toBe(true); // a replay announces nothing
    await applyRefund(m.db, state(ok.outRefundNo, "PROCESSING", 1000), { kind: "response" }, merchant);
    await applyRefund(m.db, state(ok.outRefundNo, "SUCCESS", 1000), { kind: "query" }, merchant);
    await applyRefund(m.db, state(ok.outRefundNo, "SUCCESS", 1000), { kind: "query" }, merchant);
    const closed = (await reserve(500)).refund;
    await applyRefund(m.db, state(closed.outRefundNo, "CLOSED", 500), { kind: "query" }, merchant);
    const abnormal = (await reserve(700)).refund;
    await applyRefund(m.db, state(abnormal.outRefundNo, "ABNORMAL", 700), { kind: "query" }, merchant);
    const rejected = (await reserve(300)).refund;
    await markRefundRejected(m.db, rejected.id, "INVALID_REQUEST");
    await markRefundRejected(m.db, rejected.id, "INVALID_REQUEST");

    const events = await m.db.event.findMany({
      where: { orderId: p.orderId, type: { startsWith: "refund." } },
      orderBy: { seq: "asc" },
      select: { type: true, refundId: true },
    });
    expect(events).toEqual([
      { type: "refund.created", refundId: ok.id },
      { type: "refund.succeeded", refundId: ok.id },
      { type: "refund.created", refundId: closed.id },
      { type: "refund.failed", refundId: closed.id },
      { type: "refund.created", refundId: abnormal.id },
      { type: "refund.abnormal", refundId: abnormal.id },
      { type: "refund.created", refundId: rejected.id },
      { type: "refund.failed", refundId: rejected.id },
    ]);
    const rows = await m.db.event.findMany({ where: { refundId: ok.id }, orderBy: { seq: "asc" } });
    const rendered = await renderEvents(m.db, rows, "https://pay.example.com");
    expect(rendered.map((e) => [e.type, e.data.object])).toMatchObject([
      ["refund.created", { object: "refund", id: ok.id, status: "SUCCESS", amountFen: 1000 }],
      ["refund.succeeded", { object: "refund", id: ok.id, status: "SUCCESS" }],
    ]);
  });
});
