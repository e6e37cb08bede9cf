// The admin side of webhook endpoints on both engines: the URL policy as saved, events
// validation, the secret shown once and stored, rotation with a 24 h overlap, "Send test"
// (a ping and one delivery), resends, and an audit row for every change without any secret.
import { ZodError } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, NotFoundError } from "@/lib/errors/app-error";
import { webhookHealth } from "@/lib/admin/dashboard-stats";
import { onEventsWritten } from "@/lib/events/events-written";
import { newEventId } from "@/lib/events/event-id";
import type { EndpointUrlPolicy, LookupAll } from "@/lib/webhooks/endpoints/check-endpoint-url";
import { createEndpoint } from "@/lib/webhooks/endpoints/create-endpoint";
import { deleteEndpoint } from "@/lib/webhooks/endpoints/delete-endpoint";
import { endpointPatchSchema, newEndpointSchema } from "@/lib/webhooks/endpoints/endpoint-input";
import { getEventDetail } from "@/lib/webhooks/endpoints/get-event-detail";
import { listEndpointDeliveries } from "@/lib/webhooks/endpoints/list-endpoint-deliveries";
import { getEndpoint, listEndpoints } from "@/lib/webhooks/endpoints/list-endpoints";
import { resendDelivery, resendFailedDeliveries } from "@/lib/webhooks/endpoints/resend-deliveries";
import { rotateEndpointSecret } from "@/lib/webhooks/endpoints/rotate-endpoint-secret";
import { sendTestEvent } from "@/lib/webhooks/endpoints/send-test-event";
import { updateEndpoint } from "@/lib/webhooks/endpoints/update-endpoint";
import { WEBHOOK_SECRET_PATTERN } from "@/lib/webhooks/endpoints/webhook-secret";
import type { Db } from "@/lib/db/create-prisma";
import { adminUser } from "@/tests/api-keys/fixtures";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";

const LIVE: EndpointUrlPolicy = { allowPrivate: false, allowLoopback: false };
const DEMO: EndpointUrlPolicy = { allowPrivate: false, allowLoopback: true };
const PRIVATE: EndpointUrlPolicy = { allowPrivate: true, allowLoopback: false };

// No real DNS in tests: public names resolve to a public address, these to what they say.
const lookup: LookupAll = async (host) => {
  const map: Record<string, string> = { "rebind.example.com": "127.0.0.1", localhost: "127.0.0.1" };
  return [{ address: map[host] ?? "93.184.216.34", family: 4 }];
};

describe.each(["pglite", "postgres"] as const)("webhook endpoints on %s", (kind) => {
  let m: MigratedDb | null;
  let db: Db;
  let admin: Awaited<ReturnType<typeof adminUser>>;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
    if (!m) return;
    db = m.db;
    admin = await adminUser(db);
  }, 60_000);
  afterAll(async () => {
    await m?.dispose();
  });

  const create = (body: unknown, policy = LIVE) =>
    createEndpoint(db, newEndpointSchema.parse(body), policy, false, admin, { ip: "10.0.0.9", lookup });

  /** The 400 the route would answer: the field and its message. */
  async function refusal(body: { url: string; events: string[] }, policy: EndpointUrlPolicy): Promise<string> {
    const err = await create(body, policy).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZodError);
    const issue = (err as ZodError).issues[0]!;
    expect(issue.path).toEqual(["url"]);
    return issue.message;
  }

  it.for([
    ["https://shop.example.com/hooks", LIVE],
    ["http://127.0.0.1:4100/hook", DEMO],
    ["http://localhost:4100/hook", DEMO],
    ["http://shop.example.com/hooks", PRIVATE],
    ["https://10.0.0.5/hooks", PRIVATE],
  ] as const)("stores %s under its policy", async ([url, policy], ctx) => {
    if (!m) return ctx.skip();
    const e = await create({ url, events: ["*"] }, policy);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: e.id } })).url).toBe(new URL(url).toString());
  });

  it.for([
    ["http://shop.example.com/hooks", LIVE, "https"],
    ["http://shop.example.com/hooks", DEMO, "loopback receivers only"],
    ["http://127.0.0.1:4100/hook", LIVE, "https"],
    ["https://10.1.2.3/h", LIVE, "resolves to 10.1.2.3"],
    ["https://169.254.169.254/latest/meta-data", LIVE, "resolves to 169.254.169.254"],
    ["https://[::1]/h", LIVE, "resolves to ::1"],
    ["https://rebind.example.com/h", LIVE, "resolves to 127.0.0.1"],
    ["https://user:pw@shop.example.com/h", LIVE, "user name or password"],
    ["https://user:pw@127.0.0.1/h", PRIVATE, "user name or password"],
  ] as const)("refuses %s and stores nothing", async ([url, policy, message], ctx) => {
    if (!m) return ctx.skip();
    const before = await db.webhookEndpoint.count();
    expect(await refusal({ url, events: ["*"] }, policy)).toContain(message);
    expect(await db.webhookEndpoint.count()).toBe(before);
  });

  it("validates events: known types or ['*'], not ping, deduplicated, not empty", async (ctx) => {
    if (!m) return ctx.skip();
    const e = await create({
      url: "https://a.example.com/h",
      events: ["refund.failed", "refund.failed", "payment.flagged"],
    });
    expect(e.events).toEqual(["refund.failed", "payment.flagged"]);
    for (const events of [[], ["ping"], ["nope"], ["*", "refund.failed"]]) {
      expect(newEndpointSchema.safeParse({ url: "https://a.example.com/h", events }).success).toBe(false);
    }
  });

  it("returns the secret once on create and stores it; reads never show it; audited without it", async (ctx) => {
    if (!m) return ctx.skip();
    const e = await create({
      url: "https://shop.example.com/once",
      events: ["payment.succeeded"],
      description: " 商城 ",
    });
    expect(Object.keys(e).sort()).toEqual(["events", "id", "livemode", "secret", "url"]);
    expect(e.id).toMatch(/^we_[0-9A-Za-z]{24}$/);
    expect(e.secret).toMatch(WEBHOOK_SECRET_PATTERN);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: e.id } });
    expect(row).toMatchObject({ secret: e.secret, description: "商城", enabled: true, createdBy: admin.email });

    const listed = (await listEndpoints(db)).find((x) => x.id === e.id)!;
    const one = await getEndpoint(db, e.id);
    for (const shown of [listed, one]) {
      expect(JSON.stringify(shown)).not.toContain(e.secret.slice(6, 40));
      expect(shown.secretHint).toBe(`whsec_…${e.secret.slice(-4)}`);
      expect(shown).not.toHaveProperty("secret");
      expect(shown).not.toHaveProperty("previousSecret");
    }
    const audit = await db.auditLog.findMany({ where: { targetId: e.id } });
    expect(audit.map((a) => a.action)).toEqual(["WEBHOOK_ENDPOINT_CREATED"]);
    expect(audit[0]).toMatchObject({ actorId: admin.id, targetType: "webhook_endpoint", ip: "10.0.0.9" });
    expect(JSON.stringify(audit)).not.toContain(e.secret.slice(6, 40));
    await expect(getEndpoint(db, "we_000000000000000000000000")).rejects.toBeInstanceOf(NotFoundError);
    await expect(getEndpoint(db, "../etc")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("rotates: the old secret keeps signing as previousSecret for 24 h, the new one is returned once", async (ctx) => {
    if (!m) return ctx.skip();
    const e = await create({ url: "https://shop.example.com/rot", events: ["*"] });
    const now = new Date("2026-12-02T10:00:00.000Z");
    const r = await rotateEndpointSecret(db, e.id, admin, { now });
    expect(r.secret).toMatch(WEBHOOK_SECRET_PATTERN);
    expect(r.secret).not.toBe(e.secret);
    expect(r.previousSecretExpiresAt.toISOString()).toBe("2026-12-03T10:00:00.000Z");
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: e.id } });
    expect(row).toMatchObject({
      secret: r.secret,
      previousSecret: e.secret,
      previousSecretExpiresAt: r.previousSecretExpiresAt,
    });

    // A second rotation keeps only the secret in use just before it.
    const r2 = await rotateEndpointSecret(db, e.id, admin);
    const row2 = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: e.id } });
    expect([row2.secret, row2.previousSecret]).toEqual([r2.secret, r.secret]);
    expect((await getEndpoint(db, e.id)).previousSecretExpiresAt).not.toBeNull();

    const audit = await db.auditLog.findMany({ where: { targetId: e.id, action: "WEBHOOK_SECRET_ROTATED" } });
    expect(audit).toHaveLength(2);
    for (const s of [e.secret, r.secret, r2.secret]) expect(JSON.stringify(audit)).not.toContain(s.slice(6, 40));
  });

  it("sends a test: one ping event (already fanned out) and one PENDING delivery due now, then nudges", async (ctx) => {
    if (!m) return ctx.skip();
    const e = await create({ url: "https://shop.example.com/ping", events: ["refund.succeeded"] });
    let nudges = 0;
    const off = onEventsWritten(() => (nudges += 1));
    const before = Date.now();
    const t = await sendTestEvent(db, e.id, admin);
    off();
    expect(nudges).toBe(1);
    const event = await db.event.findUniqueOrThrow({ where: { id: t.eventId } });
    expect(event).toMatchObject({ type: "ping", orderId: null, detail: { endpointId: e.id } });
    expect(event.fannedOutAt).not.toBeNull();
    const deliveries = await db.webhookDelivery.findMany({ where: { eventId: t.eventId } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ id: t.deliveryId, endpointId: e.id, status: "PENDING", attemptCount: 0 });
    expect(deliveries[0]!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(deliveries[0]!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    const listed = await listEndpointDeliveries(db, e.id);
    expect(listed.map((d) => [d.eventId, d.eventType, d.status])).toEqual([[t.eventId, "ping", "PENDING"]]);
    const detail = await getEventDetail(db, t.eventId, "http://localhost:3000");
    expect(detail.rendered).toMatchObject({
      id: t.eventId,
      type: "ping",
      data: { object: { object: "ping", endpointId: e.id } },
    });
    expect(detail.deliveries.map((d) => d.endpoint.id)).toEqual([e.id]);
  });

  it("disables and re-enables: the reason is recorded, enabling clears it and failingSince; tests need it on", async (ctx) => {
    if (!m) return ctx.skip();
    const e = await create({ url: "https://shop.example.com/toggle", events: ["*"] });
    let nudges = 0;
    const unsubscribe = onEventsWritten(() => (nudges += 1));
    const off = await updateEndpoint(db, e.id, endpointPatchSchema.parse({ enabled: false }), LIVE, admin, { lookup });
    expect(nudges).toBe(0); // nothing to deliver sooner
    expect(off).toMatchObject({ enabled: false, disabledReason: "DISABLED_BY_ADMIN" });
    expect(off.disabledAt).not.toBeNull();
    await expect(sendTestEvent(db, e.id, admin)).rejects.toBeInstanceOf(ConflictError);

    // As the engine leaves an endpoint it gave up on.
    await db.webhookEndpoint.update({
      where: { id: e.id },
      data: { disabledReason: "FAILING", failingSince: new Date(Date.now() - 6 * 86400_000) },
    });
    const health = await webhookHealth(db, false);
    expect(health.failingEndpoints.map((x) => x.id)).toContain(e.id);
    // A test endpoint: never in the live dashboard.
    expect((await webhookHealth(db, true)).failingEndpoints.map((x) => x.id)).not.toContain(e.id);

    const on = await updateEndpoint(db, e.id, { enabled: true }, LIVE, admin, { lookup });
    unsubscribe();
    expect(nudges).toBe(1); // the deliveries that waited go now, not at the loop's next poll
    expect(on).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null, failingSince: null });
    expect((await webhookHealth(db, false)).failingEndpoints.map((x) => x.id)).not.toContain(e.id);

    const changed = await updateEndpoint(
      db,
      e.id,
      { url: "https://other.example.com/h", events: ["refund.created"], description: "新的" },
      LIVE,
      admin,
      { lookup },
    );
    expect(changed).toMatchObject({
      url: "https://other.example.com/h",
      events: ["refund.created"],
      description: "新的",
    });
    await expect(
      updateEndpoint(db, e.id, { url: "https://10.9.9.9/" }, LIVE, admin, { lookup }),
    ).rejects.toBeInstanceOf(ZodError);
    const audit = await db.auditLog.findMany({ where: { targetId: e.id, action: "WEBHOOK_ENDPOINT_UPDATED" } });
    expect(audit).toHaveLength(3);
    expect(audit[2]!.detail).toMatchObject({
      url: { from: "https://shop.example.com/toggle", to: "https://other.example.com/h" },
    });
  });

  it("resends one delivery in any status, and all FAILED ones of an endpoint", async (ctx) => {
    if (!m) return ctx.skip();
    const e = await create({ url: "https://shop.example.com/resend", events: ["*"] });
    const other = await create({ url: "https://shop.example.com/other", events: ["*"] });
    const past = new Date(Date.now() + 3600_000);
    const delivery = async (endpointId: string, status: "PENDING" | "FAILED" | "DELIVERED") => {
      const ev = await db.event.create({
        data: { livemode: false, id: newEventId(), type: "ping", detail: { endpointId }, fannedOutAt: new Date() },
      });
      return db.webhookDelivery.create({
        data: {
          eventId: ev.id,
          endpointId,
          status,
          attemptCount: 3,
          nextAttemptAt: past,
          deliveredAt: status === "DELIVERED" ? new Date() : null,
        },
      });
    };
    const failed = [await delivery(e.id, "FAILED"), await delivery(e.id, "FAILED")];
    const delivered = await delivery(e.id, "DELIVERED");
    const pending = await delivery(e.id, "PENDING");
    const otherFailed = await delivery(other.id, "FAILED");

    const now = new Date();
    const one = await resendDelivery(db, delivered.id, admin, { now });
    expect(one).toMatchObject({ id: delivered.id, status: "PENDING", previousStatus: "DELIVERED", nextAttemptAt: now });
    expect(await resendDelivery(db, pending.id, admin, { now })).toMatchObject({
      status: "PENDING",
      nextAttemptAt: now,
    });
    await expect(resendDelivery(db, "not-a-uuid", admin)).rejects.toBeInstanceOf(NotFoundError);

    expect(await resendFailedDeliveries(db, e.id, admin, { now })).toEqual({ count: 2 });
    const rows = await db.webhookDelivery.findMany({ where: { id: { in: failed.map((f) => f.id) } } });
    for (const r of rows) expect(r).toMatchObject({ status: "PENDING", nextAttemptAt: now, attemptCount: 3 });
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: otherFailed.id } })).status).toBe("FAILED");
    expect(await resendFailedDeliveries(db, e.id, admin)).toEqual({ count: 0 });

    const audit = await db.auditLog.findMany({
      where: { action: { in: ["WEBHOOK_DELIVERY_RESENT", "WEBHOOK_FAILED_RESENT"] }, actorId: admin.id },
    });
    expect(audit.filter((a) => a.action === "WEBHOOK_FAILED_RESENT" && a.targetId === e.id)).toHaveLength(1);
    expect(audit.filter((a) => a.targetId === delivered.id)).toHaveLength(1);

    const health = await webhookHealth(db, false);
    expect(health.pendingDeliveries).toBeGreaterThanOrEqual(4);
    expect(health.oldestPendingAgeMs).toBeGreaterThanOrEqual(0);
  });

  it("deletes an endpoint with its deliveries; the events stay", async (ctx) => {
    if (!m) return ctx.skip();
    const e = await create({ url: "https://shop.example.com/del", events: ["*"] });
    const t = await sendTestEvent(db, e.id, admin);
    await deleteEndpoint(db, e.id, admin);
    await expect(getEndpoint(db, e.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await db.webhookDelivery.count({ where: { id: t.deliveryId } })).toBe(0);
    expect(await db.event.count({ where: { id: t.eventId } })).toBe(1);
    await expect(deleteEndpoint(db, e.id, admin)).rejects.toBeInstanceOf(NotFoundError);
    const audit = await db.auditLog.findMany({ where: { targetId: e.id, action: "WEBHOOK_ENDPOINT_DELETED" } });
    expect(audit[0]!.detail).toMatchObject({ url: "https://shop.example.com/del", deliveries: 1 });
  });
});
