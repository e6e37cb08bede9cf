// "Delete all test data" against a migrated database (PGlite and PostgreSQL): every table a test
// order reaches is emptied of its test rows, in foreign key order, and every live row (and every
// API key and webhook endpoint, of both modes) is still there, byte for byte.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteTestData } from "@/lib/admin/delete-test-data";
import type { Db } from "@/lib/db/create-prisma";
import { ConflictError } from "@/lib/errors/app-error";
import { newEventId } from "@/lib/events/event-id";
import { newEndpointId } from "@/lib/webhooks/endpoints/endpoint-id";
import { adminUser } from "@/tests/api-keys/fixtures";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";

const TABLES = [
  "orders",
  "order_items",
  "checkout_sessions",
  "payment_attempts",
  "refunds",
  "notification_events",
  "payment_events",
  "events",
  "webhook_deliveries",
  "webhook_attempts",
  "reconciliation_reports",
  "api_keys",
  "webhook_endpoints",
  "products",
] as const;
type Table = (typeof TABLES)[number];
type Dump = Record<Table, { id: string }[]>;

async function dump(db: Db): Promise<Dump> {
  const out = {} as Dump;
  for (const t of TABLES) out[t] = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT * FROM ${t} ORDER BY id`);
  return out;
}

const whsec = () => `whsec_${randomBytes(32).toString("base64")}`;

let n = 0;
/** One order of a mode with a row in every table that hangs off it; returns the ids per table. */
async function orderGraph(db: Db, livemode: boolean, productId: string): Promise<Partial<Record<Table, string[]>>> {
  n += 1;
  const tag = `${livemode ? "L" : "T"}${n}`;
  const key = await db.apiKey.create({
    data: {
      name: tag,
      livemode,
      prefix: "sk_x",
      lastFour: tag,
      secretHash: createHash("sha256").update(tag).digest("hex"),
      scopes: [],
      createdBy: "t",
    },
  });
  const sessionId = `cs_${tag.padEnd(24, "0")}`;
  const order = await db.order.create({
    data: {
      livemode,
      orderNo: `20261202-${tag}`,
      totalFen: 500,
      description: tag,
      status: "PARTIALLY_REFUNDED",
      items: { create: { productId, name: "x", unitPriceFen: 500, quantity: 1, lineTotalFen: 500 } },
      checkoutSession: { create: { id: sessionId, apiKeyId: key.id, successUrl: "https://shop.example/ok" } },
    },
    include: { items: true },
  });
  const payment = await db.paymentAttempt.create({
    data: {
      livemode,
      orderId: order.id,
      outTradeNo: `OTN000${tag}`,
      channel: "NATIVE",
      status: "PARTIALLY_REFUNDED",
      amountFen: 500,
      refundedFen: 100,
      refundCount: 1,
      transactionId: `42${tag}`,
      mchid: "1",
      appid: "a",
      expiresAt: new Date(Date.now() + 3600_000),
      paidAt: new Date(),
    },
  });
  const refund = await db.refund.create({
    data: {
      livemode,
      paymentId: payment.id,
      outRefundNo: `R${tag}`,
      amountFen: 100,
      requestedBy: "t",
      apiKeyId: key.id,
    },
  });
  const notifications = await Promise.all(
    [{ paymentId: payment.id }, { refundId: refund.id }].map((link, i) =>
      db.notificationEvent.create({ data: { notificationId: `n-${tag}-${i}`, verification: "VERIFIED", ...link } }),
    ),
  );
  const timeline = await Promise.all(
    [{}, { paymentId: payment.id }, { refundId: refund.id }].map((link) =>
      db.paymentEvent.create({ data: { orderId: order.id, type: "X", ...link } }),
    ),
  );
  const endpoint = await db.webhookEndpoint.create({
    data: {
      id: newEndpointId(),
      url: "https://hooks.example/x",
      livemode,
      events: ["*"],
      secret: whsec(),
      createdBy: "t",
    },
  });
  const events = await Promise.all(
    [{ orderId: order.id }, { refundId: refund.id }].map((link) =>
      db.event.create({ data: { id: newEventId(), type: "checkout.session.completed", livemode, ...link } }),
    ),
  );
  const delivery = await db.webhookDelivery.create({ data: { eventId: events[0]!.id, endpointId: endpoint.id } });
  const attempt = await db.webhookAttempt.create({
    data: { deliveryId: delivery.id, attemptedAt: new Date(), statusCode: 500, latencyMs: 3 },
  });
  const report = await db.reconciliationReport.create({
    data: { livemode, billDate: new Date("2026-12-01T00:00:00Z"), status: "MATCHED", triggeredBy: tag },
  });
  return {
    orders: [order.id],
    order_items: order.items.map((i) => i.id),
    checkout_sessions: [sessionId],
    payment_attempts: [payment.id],
    refunds: [refund.id],
    notification_events: notifications.map((x) => x.id),
    payment_events: timeline.map((x) => x.id),
    events: events.map((x) => x.id),
    webhook_deliveries: [delivery.id],
    webhook_attempts: [attempt.id],
    reconciliation_reports: [report.id],
  };
}

describe.each(["pglite", "postgres"] as const)("delete all test data on %s", (kind) => {
  let m: MigratedDb | null;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
  }, 30_000);
  afterAll(async () => {
    await m?.dispose();
  });

  it("deletes every test row a test order reaches, and leaves every live row as it was", async (ctx) => {
    if (!m) return ctx.skip();
    const { db } = m;
    const admin = await adminUser(db);
    const product = await db.product.create({ data: { sku: "SKU-1", name: "x", nameEn: "x", priceFen: 500 } });
    await orderGraph(db, true, product.id);
    const test = [await orderGraph(db, false, product.id), await orderGraph(db, false, product.id)];
    await orderGraph(db, true, product.id);
    // Refused before it was read: no payment, no mode; not test data, so it stays.
    await db.notificationEvent.create({ data: { verification: "REJECTED", failureReason: "bad signature" } });
    const before = await dump(db);
    const doomed = new Set(test.flatMap((g) => Object.values(g).flat()));

    const deleted = await deleteTestData(db, admin, "10.0.0.9");
    expect(deleted).toEqual({
      orders: 2,
      orderItems: 2,
      checkoutSessions: 2,
      payments: 2,
      refunds: 2,
      notifications: 4,
      paymentEvents: 6,
      events: 4,
      webhookDeliveries: 2,
      webhookAttempts: 2,
      reconciliationReports: 2,
    });
    const after = await dump(db);
    for (const t of TABLES) {
      // Every row not in the two test graphs is still there, unchanged; API keys and webhook
      // endpoints of both modes stay (as in Stripe), and so does the product the items named.
      expect(after[t], t).toEqual(before[t].filter((r) => !doomed.has(r.id)));
    }
    expect(after.api_keys.filter((k) => !(k as unknown as { livemode: boolean }).livemode)).toHaveLength(2);
    expect(await db.order.count({ where: { livemode: false } })).toBe(0);
    expect(await db.order.count({ where: { livemode: true } })).toBe(2);

    const audit = await db.auditLog.findMany({ where: { action: "TEST_DATA_DELETED" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, ip: "10.0.0.9", targetType: "test_data", detail: deleted });

    // Nothing left: a second run deletes nothing, and is audited as such.
    const again = await deleteTestData(db, admin);
    expect(Object.values(again).every((c) => c === 0)).toBe(true);
    expect(await dump(db)).toEqual(after);
  });

  it("a live payment under a test order: refused, nothing deleted", async (ctx) => {
    if (!m) return ctx.skip();
    const { db } = m;
    const admin = await adminUser(db);
    const product = await db.product.create({ data: { sku: "SKU-2", name: "x", nameEn: "x", priceFen: 500 } });
    const g = await orderGraph(db, false, product.id);
    await db.paymentAttempt.update({ where: { id: g.payment_attempts![0]! }, data: { livemode: true } });
    const before = await dump(db);
    await expect(deleteTestData(db, admin)).rejects.toSatisfy(
      (e) => e instanceof ConflictError && e.code === "TEST_DATA_MIXED",
    );
    expect(await dump(db)).toEqual(before);
    expect(await db.auditLog.count({ where: { action: "TEST_DATA_DELETED", actorId: admin.id } })).toBe(0);
  });
});
