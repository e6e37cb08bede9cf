// The webhook delivery engine against a migrated database (PGlite and PostgreSQL) and a real
// HTTP receiver that verifies every request with the standardwebhooks package.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/create-prisma";
import { createPrisma } from "@/lib/db/create-prisma";
import { poolRunner, prismaRunner, type SqlRunner } from "@/lib/db/hot-sql";
import { parsePostgresUrl } from "@/lib/db/postgres-url";
import { newEventId } from "@/lib/events/event-id";
import { renderEvents, webhookBody } from "@/lib/event-objects/event-object";
import type { EventType } from "@/lib/events/event-types";
import { randomBase62 } from "@/lib/ids/random-base62";
import { claimDeliveries } from "@/lib/webhooks/delivery/claim-deliveries";
import { deliverClaimed } from "@/lib/webhooks/delivery/deliver";
import { startDeliveryLoop } from "@/lib/webhooks/delivery/delivery-loop";
import type { DeliverySettings } from "@/lib/webhooks/delivery/delivery-settings";
import { createPostWebhook, type PostWebhook } from "@/lib/webhooks/delivery/post-webhook";
import { fanOutEvents } from "@/lib/webhooks/delivery/fan-out";
import { recordAttempts } from "@/lib/webhooks/delivery/record-attempts";
import { resendFailedDeliveries } from "@/lib/webhooks/endpoints/resend-deliveries";
import { adminUser } from "@/tests/api-keys/fixtures";
import { runDeliveryRound, type RoundResult } from "@/lib/webhooks/delivery/run-delivery-round";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { startReceiver, type Receiver } from "./receiver";

const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const quietLog = { info: () => {}, warn: () => {} };

const baseSettings: DeliverySettings = {
  appUrl: "http://localhost:3000",
  allowPrivate: false,
  allowLoopback: true, // the receiver is on 127.0.0.1, as in demo mode
  retryScale: 1,
  retentionDays: 30,
  timeoutMs: 2000,
  batch: 100,
  concurrency: 16,
  leaseSeconds: 60,
  idleMs: 50,
  nudgeDelayMs: 0,
  busyGapMs: 0,
  purgeEveryMs: HOUR,
};

async function until<T>(what: string, f: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe.each(["pglite", "postgres"] as const)("webhook delivery on %s", (kind) => {
  let m: MigratedDb | null;
  let db: Db;
  let sql: SqlRunner;
  let pool: pg.Pool | undefined;
  let rx: Receiver;
  const post = createPostWebhook({ allowPrivate: false, allowLoopback: true, timeoutMs: 2000 });

  beforeAll(async () => {
    m = await openMigratedDb(kind);
    if (!m) return;
    db = m.db;
    if (m.engine.url) {
      pool = new pg.Pool({ connectionString: parsePostgresUrl(m.engine.url).connectionString, max: 4 });
      sql = poolRunner(pool);
    } else sql = prismaRunner(db);
    rx = await startReceiver();
  }, 60_000);
  afterAll(async () => {
    await rx?.close();
    await pool?.end();
    await m?.dispose();
  });
  // Every test starts with no live endpoint, so fan-outs of one test never reach another's.
  afterEach(async () => {
    if (m) await db.webhookEndpoint.updateMany({ data: { enabled: false } });
  });

  let n = 0;
  async function order() {
    n += 1;
    return db.order.create({
      data: { livemode: false, orderNo: `WH-${kind}-${n}-${randomBase62(6)}`, totalFen: 1234, description: "钩子" },
    });
  }
  async function endpoint(path: string, o: { events?: string[]; secret?: string; url?: string } = {}) {
    return db.webhookEndpoint.create({
      data: {
        livemode: false,
        id: `we_${randomBase62(24)}`,
        url: o.url ?? rx.url(path),
        events: o.events ?? ["*"],
        secret: o.secret ?? newSecret(),
        createdBy: "tests",
      },
    });
  }
  async function event(type: EventType = "payment.succeeded", o: { orderId?: string; createdAt?: Date } = {}) {
    const orderId = o.orderId ?? (await order()).id;
    return db.event.create({ data: { livemode: false, id: newEventId(), type, orderId, createdAt: o.createdAt } });
  }
  const round = (o: Partial<DeliverySettings> = {}, p: PostWebhook = post): Promise<RoundResult> =>
    runDeliveryRound({ db, sql, post: p, settings: { ...baseSettings, ...o } });
  const deliveryOf = (eventId: string, endpointId: string) =>
    db.webhookDelivery.findUniqueOrThrow({
      where: { eventId_endpointId: { eventId, endpointId } },
      include: { attempts: { orderBy: { attemptedAt: "asc" } } },
    });

  it("delivers a signed Standard Webhooks request to every subscribed endpoint, once", async (ctx) => {
    if (!m) return ctx.skip();
    const ep = await endpoint("/ok", { events: ["payment.succeeded"] });
    const all = await endpoint("/ok-all", { events: ["*"] });
    const other = await endpoint("/ok-other", { events: ["refund.succeeded"] });
    rx.route("/ok", { secrets: [ep.secret], answer: "thanks" });
    rx.route("/ok-all", { secrets: [all.secret] });
    rx.route("/ok-other", { secrets: [other.secret] });
    const ev = await event();

    const r = await round();
    expect(r).toMatchObject({ fannedOut: 1, claimed: 2, delivered: 2, retrying: 0, failed: 0 });
    const [got] = rx.at("/ok");
    expect(rx.at("/ok")).toHaveLength(1);
    expect(rx.at("/ok-all")).toHaveLength(1);
    expect(rx.at("/ok-other")).toHaveLength(0);
    expect(got!.verifiedBy).toEqual([0]);
    expect(rx.at("/ok-all")[0]!.verifiedBy).toEqual([0]);
    expect(got!.webhookId).toBe(ev.id);
    expect(got!.contentType).toBe("application/json");
    expect(Math.abs(Number(got!.timestamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(got!.signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    // The body is exactly the rendered event: {type, timestamp, data} with the order's current state.
    const [rendered] = await renderEvents(db, [ev], baseSettings.appUrl);
    expect(got!.body).toBe(webhookBody(rendered!));
    const body = JSON.parse(got!.body) as { type: string; timestamp: string; data: { object: { object: string } } };
    expect(Object.keys(body)).toEqual(["type", "timestamp", "data"]);
    expect(body).toMatchObject({ type: "payment.succeeded", timestamp: ev.createdAt.toISOString() });
    expect(body.data.object.object).toBe("order");

    const d = await deliveryOf(ev.id, ep.id);
    expect(d).toMatchObject({ status: "DELIVERED", attemptCount: 1 });
    expect(d.deliveredAt).toBeInstanceOf(Date);
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0]).toMatchObject({ statusCode: 204, error: null });
    expect((await db.event.findUniqueOrThrow({ where: { id: ev.id } })).fannedOutAt).toBeInstanceOf(Date);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).lastSuccessAt).toBeInstanceOf(Date);
    expect(await db.webhookDelivery.count({ where: { endpointId: other.id } })).toBe(0);

    const again = await round();
    expect(again).toMatchObject({ fannedOut: 0, claimed: 0 });
    expect(rx.at("/ok")).toHaveLength(1);
  });

  it("never fans out a ping: it goes only to the delivery it was created with", async (ctx) => {
    if (!m) return ctx.skip();
    const target = await endpoint("/ping-target");
    const bystander = await endpoint("/ping-bystander");
    rx.route("/ping-target", { secrets: [target.secret] });
    rx.route("/ping-bystander", { secrets: [bystander.secret] });
    const ping = await db.event.create({
      data: {
        livemode: false,
        id: newEventId(),
        type: "ping",
        orderId: null,
        detail: { endpointId: target.id },
        fannedOutAt: new Date(),
      },
    });
    await db.webhookDelivery.create({ data: { eventId: ping.id, endpointId: target.id } });
    // A hand-written ping without the stamp is stamped, not fanned out.
    const stray = await db.event.create({ data: { livemode: false, id: newEventId(), type: "ping", orderId: null } });

    const r = await round();
    expect(r).toMatchObject({ fannedOut: 1, claimed: 1, delivered: 1 });
    expect(rx.at("/ping-bystander")).toHaveLength(0);
    const [got] = rx.at("/ping-target");
    expect(got!.webhookId).toBe(ping.id);
    expect(JSON.parse(got!.body)).toMatchObject({
      type: "ping",
      data: { object: { object: "ping", endpointId: target.id } },
    });
    expect(await db.webhookDelivery.count({ where: { eventId: stray.id } })).toBe(0);
    expect((await db.event.findUniqueOrThrow({ where: { id: stray.id } })).fannedOutAt).toBeInstanceOf(Date);
  });

  it("retries 500s on the (scaled) schedule with the same webhook-id until it is delivered", async (ctx) => {
    if (!m) return ctx.skip();
    const ep = await endpoint("/flaky");
    rx.route("/flaky", { secrets: [ep.secret], statuses: [500, 500, 500, 200], answer: "flaky answer" });
    const ev = await event();
    const scale = 1e-5; // 5 s → 0.05 ms, 5 min → 3 ms, 30 min → 18 ms

    const first = await round({ retryScale: scale });
    expect(first).toMatchObject({ delivered: 0, retrying: 1 });
    const afterFirst = await deliveryOf(ev.id, ep.id);
    expect(afterFirst).toMatchObject({ status: "PENDING", attemptCount: 1 });
    const wait = afterFirst.nextAttemptAt.getTime() - afterFirst.lastAttemptAt!.getTime();
    expect(wait).toBeGreaterThanOrEqual(0);
    expect(wait).toBeLessThan(50); // not the 60 s lease: the schedule's next time
    const failing = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(failing.failingSince).toBeInstanceOf(Date);

    for (let i = 0; i < 50 && rx.at("/flaky").length < 4; i++) {
      await sleep(10);
      await round({ retryScale: scale });
    }
    const got = rx.at("/flaky");
    expect(got.map((g) => g.webhookId)).toEqual([ev.id, ev.id, ev.id, ev.id]);
    for (const g of got) expect(g.verifiedBy).toEqual([0]);
    const d = await deliveryOf(ev.id, ep.id);
    expect(d).toMatchObject({ status: "DELIVERED", attemptCount: 4 });
    expect(d.attempts.map((a) => a.statusCode)).toEqual([500, 500, 500, 200]);
    expect(d.attempts.map((a) => a.responseBody)).toEqual(Array(4).fill("flaky answer"));
    const healthy = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(healthy.failingSince).toBeNull();
    expect(healthy.lastSuccessAt).toBeInstanceOf(Date);
  });

  it("counts a receiver slower than the timeout as a failed attempt", async (ctx) => {
    if (!m) return ctx.skip();
    const ep = await endpoint("/slow");
    rx.route("/slow", { secrets: [ep.secret], delayMs: 1500 });
    const ev = await event();
    const started = Date.now();
    const r = await round({}, createPostWebhook({ allowPrivate: false, allowLoopback: true, timeoutMs: 200 }));
    expect(Date.now() - started).toBeLessThan(1400);
    expect(r).toMatchObject({ delivered: 0, retrying: 1 });
    const d = await deliveryOf(ev.id, ep.id);
    expect(d).toMatchObject({ status: "PENDING", attemptCount: 1 });
    expect(d.attempts[0]).toMatchObject({ statusCode: null, responseBody: null });
    expect(d.attempts[0]!.error).toMatch(/no answer within 200 ms/);
    expect(d.attempts[0]!.latencyMs).toBeGreaterThanOrEqual(190);
    expect(d.attempts[0]!.latencyMs).toBeLessThan(1400);
  });

  it("disables an endpoint that answers 410 Gone and sends it nothing more", async (ctx) => {
    if (!m) return ctx.skip();
    const ep = await endpoint("/gone");
    rx.route("/gone", { secrets: [ep.secret], statuses: [410] });
    const ev = await event();
    // Another delivery already waiting for a retry: it fails with the endpoint instead of lingering.
    const waiting = await event();
    await db.webhookDelivery.create({
      data: { eventId: waiting.id, endpointId: ep.id, attemptCount: 1, nextAttemptAt: new Date(Date.now() + HOUR) },
    });
    await db.event.update({ where: { id: waiting.id }, data: { fannedOutAt: new Date() } });
    const r = await round();
    expect(r.disabled).toEqual([{ endpointId: ep.id, reason: "GONE" }]);
    expect(await deliveryOf(waiting.id, ep.id)).toMatchObject({ status: "FAILED", attemptCount: 1 });
    const e = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(e).toMatchObject({ enabled: false, disabledReason: "GONE" });
    expect(e.disabledAt).toBeInstanceOf(Date);
    expect(await deliveryOf(ev.id, ep.id)).toMatchObject({ status: "FAILED", attemptCount: 1 });

    const later = await event();
    await round();
    expect(await db.webhookDelivery.count({ where: { eventId: later.id, endpointId: ep.id } })).toBe(0);
    expect(rx.at("/gone")).toHaveLength(1);
  });

  it("does not follow a 302: a failed attempt, the target never called", async (ctx) => {
    if (!m) return ctx.skip();
    const ep = await endpoint("/moved");
    rx.route("/moved", { secrets: [ep.secret], statuses: [302], headers: { location: rx.url("/moved-here") } });
    rx.route("/moved-here", { secrets: [ep.secret] });
    const ev = await event();
    const r = await round();
    expect(r).toMatchObject({ delivered: 0, retrying: 1 });
    expect(rx.at("/moved")).toHaveLength(1);
    expect(rx.at("/moved-here")).toHaveLength(0);
    const d = await deliveryOf(ev.id, ep.id);
    expect(d).toMatchObject({ status: "PENDING", attemptCount: 1 });
    expect(d.attempts[0]).toMatchObject({ statusCode: 302, error: "redirect not followed" });
  });

  it("signs with the old secret beside the new one during a rotation, and stops when it expires", async (ctx) => {
    if (!m) return ctx.skip();
    const [oldSecret, newSecret_] = [newSecret(), newSecret()];
    const ep = await db.webhookEndpoint.create({
      data: {
        livemode: false,
        id: `we_${randomBase62(24)}`,
        url: rx.url("/rotating"),
        events: ["*"],
        secret: newSecret_,
        previousSecret: oldSecret,
        previousSecretExpiresAt: new Date(Date.now() + DAY),
        createdBy: "tests",
      },
    });
    rx.route("/rotating", { secrets: [oldSecret] }); // a receiver not yet updated
    rx.route("/rotating-new", { secrets: [newSecret_] });
    await event();
    expect(await round()).toMatchObject({ delivered: 1 });
    const [got] = rx.at("/rotating");
    expect(got!.signature).toMatch(/^v1,\S+ v1,\S+$/);
    expect(got!.verifiedBy).toEqual([0]);

    // After the overlap only the new secret signs: the old-only receiver refuses (401, retried).
    await db.webhookEndpoint.update({
      where: { id: ep.id },
      data: { previousSecretExpiresAt: new Date(Date.now() - 1000) },
    });
    const ev2 = await event();
    expect(await round()).toMatchObject({ delivered: 0, retrying: 1 });
    expect(rx.at("/rotating")[1]!.verifiedBy).toEqual([]);
    expect(rx.at("/rotating")[1]!.signature).toMatch(/^v1,\S+$/);
    expect((await deliveryOf(ev2.id, ep.id)).attempts[0]!.statusCode).toBe(401);
  });

  it("refuses a name that resolves to a forbidden address at connect time, unless private addresses are allowed", async (ctx) => {
    if (!m) return ctx.skip();
    // The URL names a host; what it resolves to when the POST connects is what counts.
    const dns = async () => [{ address: "127.0.0.1", family: 4 }];
    const ep = await endpoint("", { url: `https://hooks.merchant.test:${rx.port}/rebound` });
    rx.route("/rebound", { secrets: [ep.secret] });
    const ev = await event();
    const connections = rx.connections;
    const strict = createPostWebhook({ allowPrivate: false, allowLoopback: false, timeoutMs: 2000, resolveAll: dns });
    expect(await round({ allowLoopback: false }, strict)).toMatchObject({ delivered: 0, retrying: 1 });
    const d = await deliveryOf(ev.id, ep.id);
    expect(d.attempts[0]!.statusCode).toBeNull();
    expect(d.attempts[0]!.error).toMatch(/hooks\.merchant\.test: no address a webhook may reach/);
    expect(rx.connections).toBe(connections); // never connected

    // WEBHOOK_ALLOW_PRIVATE=1 (http allowed too): the same name now reaches the receiver.
    await db.webhookEndpoint.update({
      where: { id: ep.id },
      data: { url: `http://hooks.merchant.test:${rx.port}/rebound` },
    });
    await db.webhookDelivery.update({ where: { id: d.id }, data: { nextAttemptAt: new Date() } });
    const open = createPostWebhook({ allowPrivate: true, allowLoopback: false, timeoutMs: 2000, resolveAll: dns });
    expect(await round({ allowPrivate: true, allowLoopback: false }, open)).toMatchObject({ delivered: 1 });
    expect(rx.at("/rebound").map((g) => g.webhookId)).toEqual([ev.id]);
  });

  it("records every attempt: status, latency and the first 1 KB of the answer", async (ctx) => {
    if (!m) return ctx.skip();
    const ep = await endpoint("/verbose");
    const answer = "错".repeat(400) + "x".repeat(5000); // 1200 bytes of 3-byte characters first
    rx.route("/verbose", { secrets: [ep.secret], statuses: [503], delayMs: 40, answer });
    const ev = await event();
    await round();
    const [a] = (await deliveryOf(ev.id, ep.id)).attempts;
    expect(a).toMatchObject({ statusCode: 503, error: null });
    expect(a!.responseBody).toBe("错".repeat(341)); // 1023 bytes: the 342nd would end at byte 1026
    expect(a!.latencyMs).toBeGreaterThanOrEqual(35);
    expect(a!.attemptedAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("gives up once the 3-day window has passed: FAILED; and disables an endpoint failing for 5 days", async (ctx) => {
    if (!m) return ctx.skip();
    const ep = await endpoint("/down");
    rx.route("/down", { secrets: [ep.secret], statuses: [500] });
    const old = await event("payment.succeeded", { createdAt: new Date(Date.now() - 3 * DAY + 2000) });
    const r = await round();
    expect(r).toMatchObject({ failed: 1, retrying: 0 }); // the next try (+5 s) would fall after the window
    expect(await deliveryOf(old.id, ep.id)).toMatchObject({ status: "FAILED", attemptCount: 1 });
    expect(await round()).toMatchObject({ claimed: 0 });
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).enabled).toBe(true);

    // The admin resends it once the receiver is fixed: one more attempt, same webhook-id.
    rx.route("/down", { secrets: [ep.secret], statuses: [204] });
    const d = await deliveryOf(old.id, ep.id);
    const admin = await adminUser(db);
    expect(d.status).toBe("FAILED");
    expect(await resendFailedDeliveries(db, ep.id, admin)).toEqual({ count: 1 });
    expect(await resendFailedDeliveries(db, ep.id, admin)).toEqual({ count: 0 }); // already back in line
    expect(await round()).toMatchObject({ delivered: 1 });
    expect(await deliveryOf(old.id, ep.id)).toMatchObject({ status: "DELIVERED", attemptCount: 2 });
    expect(rx.at("/down").map((g) => g.webhookId)).toEqual([old.id, old.id]);
    rx.route("/down", { secrets: [ep.secret], statuses: [500] });

    // Failing since more than 5 days without a success: the next failure disables it.
    await db.webhookEndpoint.update({
      where: { id: ep.id },
      data: { failingSince: new Date(Date.now() - 5 * DAY - 60_000) },
    });
    await event();
    expect((await round()).disabled).toEqual([{ endpointId: ep.id, reason: "FAILING" }]);
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).toMatchObject({
      enabled: false,
      disabledReason: "FAILING",
    });
  });

  it("fails a delivery whose object no longer renders, without calling the endpoint", async (ctx) => {
    if (!m) return ctx.skip();
    const ep = await endpoint("/orphan");
    rx.route("/orphan", { secrets: [ep.secret] });
    const ev = await event("payment.succeeded", { orderId: "00000000-0000-4000-8000-000000000000" });
    expect(await round()).toMatchObject({ failed: 1 });
    const d = await deliveryOf(ev.id, ep.id);
    expect(d).toMatchObject({ status: "FAILED" });
    expect(d.attempts[0]!.error).toMatch(/no longer exists/);
    expect(rx.at("/orphan")).toHaveLength(0);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).failingSince).toBeNull();
  });

  it("a stale claim records its attempt but cannot overwrite a newer outcome (attempt_count fences it)", async (ctx) => {
    if (!m) return ctx.skip();
    const ep = await endpoint("/fenced");
    const ev = await event();
    await fanOutEvents(sql, { limit: 100, now: new Date() });
    const d = await deliveryOf(ev.id, ep.id);
    // A newer claim already made attempt 2 and scheduled attempt 3.
    const scheduled = new Date(Date.now() + 300_000);
    await db.webhookDelivery.update({ where: { id: d.id }, data: { attemptCount: 2, nextAttemptAt: scheduled } });
    const stale = {
      deliveryId: d.id,
      prevCount: 1, // claimed before the newer claim made attempt 2
      attemptedAt: new Date(),
      statusCode: 500,
      latencyMs: 12,
      responseBody: "late",
      error: null,
      status: "PENDING" as const,
      nextAttemptAt: new Date(Date.now() + 5000),
    };
    expect(await recordAttempts(sql, [stale])).toEqual({ updated: 0 });
    const after = await deliveryOf(ev.id, ep.id);
    expect(after).toMatchObject({ status: "PENDING", attemptCount: 2, nextAttemptAt: scheduled });
    expect(after.attempts.map((a) => a.responseBody)).toEqual(["late"]);
  });

  it("hands back claimed deliveries unattempted when too little of the lease is left", async (ctx) => {
    if (!m) return ctx.skip();
    const ep = await endpoint("/short-lease");
    rx.route("/short-lease", { secrets: [ep.secret] });
    const ev = await event();
    await fanOutEvents(sql, { limit: 100, now: new Date() });
    const claimed = await claimDeliveries(sql, { limit: 100, now: new Date(), leaseSeconds: 60 });
    expect(claimed.map((c) => c.event.id)).toContain(ev.id);
    const r = await deliverClaimed(
      { db, sql, appUrl: baseSettings.appUrl, post, retryScale: 1, concurrency: 4, leaseMs: 1000, timeoutMs: 2000 },
      claimed,
    );
    expect(r).toMatchObject({ attempted: 0, released: claimed.length });
    expect(rx.at("/short-lease")).toHaveLength(0);
    const d = await deliveryOf(ev.id, ep.id);
    expect(d).toMatchObject({ status: "PENDING", attemptCount: 0, attempts: [] });
    expect(d.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now()); // due again now, not after the lease
    expect(await round()).toMatchObject({ delivered: 1 });
  });

  it("the loop wakes at once on eventsWritten, and stop() waits for the attempt in flight", async (ctx) => {
    if (!m) return ctx.skip();
    const ep = await endpoint("/nudged");
    rx.route("/nudged", { secrets: [ep.secret], delayMs: 300 });
    const listeners = new Set<() => void>();
    const rounds: RoundResult[] = [];
    const stop = startDeliveryLoop(
      {
        getDb: async () => db,
        sql,
        post,
        onEventsWritten: (l) => (listeners.add(l), () => listeners.delete(l)),
        onRound: (r) => rounds.push(r),
      },
      { ...baseSettings, idleMs: 60_000, nudgeDelayMs: 20 }, // polling alone would not find it within the test
      quietLog,
    );
    await until("the first round", async () => rounds.length >= 1);
    const ev = await event();
    const nudgedAt = Date.now();
    for (const l of listeners) l();
    await until("the request", async () => rx.at("/nudged").length === 1);
    expect(Date.now() - nudgedAt).toBeLessThan(500);
    await stop(); // the receiver answers 300 ms after the request: stop must wait for it
    expect(await deliveryOf(ev.id, ep.id)).toMatchObject({ status: "DELIVERED", attemptCount: 1 });
    expect(listeners.size).toBe(0);
  });

  it("while events keep coming, a nudged round waits out the busy gap after the last busy round", async (ctx) => {
    if (!m) return ctx.skip();
    const ep = await endpoint("/paced");
    rx.route("/paced", { secrets: [ep.secret] });
    const listeners = new Set<() => void>();
    const rounds: { at: number; r: RoundResult }[] = [];
    const nudge = () => listeners.forEach((l) => l());
    const stop = startDeliveryLoop(
      {
        getDb: async () => db,
        sql,
        post,
        onEventsWritten: (l) => (listeners.add(l), () => listeners.delete(l)),
        onRound: (r) => rounds.push({ at: Date.now(), r }),
      },
      { ...baseSettings, idleMs: 60_000, nudgeDelayMs: 20, busyGapMs: 800 },
      quietLog,
    );
    try {
      await until("the first round", async () => rounds.length >= 1);
      await event();
      const firstAt = Date.now();
      nudge();
      await until("the first delivery", async () => rx.at("/paced").length === 1);
      expect(Date.now() - firstAt).toBeLessThan(500); // after a quiet spell: the nudge delay only
      const busy = () => rounds.filter((x) => x.r.claimed > 0);
      const [busyRound] = await until("the first busy round's report", async () => busy().length === 1 && busy());
      await event();
      nudge();
      await until("the second delivery", async () => rx.at("/paced").length === 2, 5000);
      const [, second] = await until("the second busy round's report", async () => busy().length === 2 && busy());
      // Both are report times; the gap counts from the busy round's start, a little earlier.
      expect(second!.at - busyRound!.at).toBeGreaterThanOrEqual(800 - 300);
    } finally {
      await stop();
    }
  });

  it("purges events past the retention with their deliveries and attempts, at most once per period", async (ctx) => {
    if (!m) return ctx.skip();
    const ep = await endpoint("/purge");
    const ancient = await event("payment.succeeded", { createdAt: new Date(Date.now() - 31 * DAY) });
    const d = await db.webhookDelivery.create({
      data: { eventId: ancient.id, endpointId: ep.id, status: "DELIVERED", attemptCount: 1 },
    });
    await db.webhookAttempt.create({
      data: { deliveryId: d.id, attemptedAt: ancient.createdAt, latencyMs: 5, statusCode: 200 },
    });
    await db.event.update({ where: { id: ancient.id }, data: { fannedOutAt: ancient.createdAt } });
    const recent = await event("payment.succeeded", { createdAt: new Date(Date.now() - 29 * DAY) });
    await db.event.update({ where: { id: recent.id }, data: { fannedOutAt: new Date() } });

    const rounds: RoundResult[] = [];
    const stop = startDeliveryLoop(
      { getDb: async () => db, sql, post, onEventsWritten: () => () => {}, onRound: (r) => rounds.push(r) },
      { ...baseSettings, idleMs: 10 },
      quietLog,
    );
    await until("the purge", async () => (await db.event.count({ where: { id: ancient.id } })) === 0);
    expect(await db.webhookDelivery.count({ where: { id: d.id } })).toBe(0);
    expect(await db.webhookAttempt.count({ where: { deliveryId: d.id } })).toBe(0);
    expect(await db.event.count({ where: { id: recent.id } })).toBe(1);

    // Within the hour no second purge runs, however many rounds pass.
    const another = await event("payment.succeeded", { createdAt: new Date(Date.now() - 40 * DAY) });
    const seen = rounds.length;
    await until("more rounds", async () => rounds.length >= seen + 5);
    await stop();
    expect(await db.event.count({ where: { id: another.id } })).toBe(1);
  });
});

describe("two delivery loops on one PostgreSQL schema", () => {
  let m: MigratedDb | null;
  let second: Db | undefined;
  let pools: pg.Pool[] = [];
  let rx: Receiver;
  beforeAll(async () => {
    m = await openMigratedDb("postgres");
    if (!m) return;
    second = await createPrisma({ kind: "postgres", url: m.engine.url! }, { poolSize: 4 });
    const cs = parsePostgresUrl(m.engine.url!).connectionString;
    pools = [new pg.Pool({ connectionString: cs, max: 4 }), new pg.Pool({ connectionString: cs, max: 4 })];
    rx = await startReceiver();
  }, 60_000);
  afterAll(async () => {
    await rx?.close();
    for (const p of pools) await p.end();
    await second?.$disconnect();
    await m?.dispose();
  });

  it("a claim skips rows another instance holds, and leaves claimed rows alone for the lease", async (ctx) => {
    if (!m) return ctx.skip();
    const db = m.db;
    const ep = await db.webhookEndpoint.create({
      data: {
        livemode: false,
        id: `we_${randomBase62(24)}`,
        url: rx.url("/lease"),
        events: ["*"],
        secret: newSecret(),
        createdBy: "tests",
      },
    });
    const order = await db.order.create({
      data: { livemode: false, orderNo: `WH-ls-${randomBase62(8)}`, totalFen: 100, description: "租约" },
    });
    await db.event.createMany({
      data: Array.from({ length: 20 }, () => ({
        livemode: false,
        id: newEventId(),
        type: "payment.succeeded",
        orderId: order.id,
      })),
    });
    const holder = await pools[0]!.connect();
    const inTx: SqlRunner = async <T>(_n: string, text: string, values: unknown[]) =>
      (await holder.query(text, values)).rows as T[];
    try {
      const now = new Date();
      expect(await fanOutEvents(inTx, { limit: 100, now })).toEqual({ events: 20, deliveries: 20 });
      await holder.query("BEGIN");
      const held = await claimDeliveries(inTx, { limit: 8, now, leaseSeconds: 60 });
      expect(held).toHaveLength(8);
      // The other instance neither waits for the held rows nor takes them.
      const started = Date.now();
      const other = await claimDeliveries(poolRunner(pools[1]!), { limit: 100, now, leaseSeconds: 60 });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(other).toHaveLength(12);
      expect(other.filter((c) => held.some((h) => h.id === c.id))).toEqual([]);
      await holder.query("COMMIT");
    } finally {
      holder.release();
    }
    const runner = poolRunner(pools[1]!);
    expect(await claimDeliveries(runner, { limit: 100, now: new Date(Date.now() + 50_000), leaseSeconds: 60 })).toEqual(
      [],
    );
    const afterLease = await claimDeliveries(runner, {
      limit: 100,
      now: new Date(Date.now() + 61_000),
      leaseSeconds: 60,
    });
    expect(afterLease).toHaveLength(20);
    expect(afterLease[0]).toMatchObject({ endpointId: ep.id, attemptCount: 0, url: rx.url("/lease") });
    expect(afterLease[0]!.event).toMatchObject({ type: "payment.succeeded", orderId: order.id });
    expect(afterLease[0]!.event.createdAt).toBeInstanceOf(Date);
    await db.webhookEndpoint.update({ where: { id: ep.id }, data: { enabled: false } });
  });

  it("deliver every event exactly once between them, never the same one twice at a time", async (ctx) => {
    if (!m) return ctx.skip();
    const db = m.db;
    const ep = await db.webhookEndpoint.create({
      data: {
        livemode: false,
        id: `we_${randomBase62(24)}`,
        url: rx.url("/shared"),
        events: ["*"],
        secret: newSecret(),
        createdBy: "tests",
      },
    });
    rx.route("/shared", { secrets: [ep.secret], delayMs: 15 }); // slow enough for the claims to overlap
    const order = await db.order.create({
      data: { livemode: false, orderNo: `WH-2i-${randomBase62(8)}`, totalFen: 100, description: "两个" },
    });
    const ids = Array.from({ length: 300 }, () => newEventId());
    await db.event.createMany({
      data: ids.map((id) => ({ livemode: false, id, type: "payment.succeeded", orderId: order.id })),
    });

    const listeners = new Set<() => void>();
    const claimedBy = [0, 0];
    const deliveredBy = [0, 0];
    const post = createPostWebhook({ allowPrivate: false, allowLoopback: true, timeoutMs: 5000 });
    const stops = [db, second!].map((instanceDb, i) =>
      startDeliveryLoop(
        {
          getDb: async () => instanceDb,
          sql: poolRunner(pools[i]!),
          post,
          onEventsWritten: (l) => (listeners.add(l), () => listeners.delete(l)),
          onRound: (r) => {
            claimedBy[i]! += r.claimed;
            deliveredBy[i]! += r.delivered;
          },
        },
        { ...baseSettings, batch: 40, concurrency: 8, idleMs: 20 },
        quietLog,
      ),
    );
    for (const l of listeners) l();
    await until(
      "every delivery",
      async () =>
        (await db.webhookDelivery.count({ where: { endpointId: ep.id, status: "DELIVERED" } })) === ids.length,
      30_000,
    );
    await Promise.all(stops.map((s) => s()));

    const got = rx.at("/shared");
    expect(rx.concurrentDuplicates).toEqual([]);
    expect(got.map((g) => g.webhookId).sort()).toEqual([...ids].sort()); // each exactly once
    for (const g of got) expect(g.verifiedBy).toEqual([0]);
    expect(claimedBy[0]! + claimedBy[1]!).toBe(ids.length);
    expect(deliveredBy[0]! + deliveredBy[1]!).toBe(ids.length);
    expect(claimedBy[0]).toBeGreaterThan(0);
    expect(claimedBy[1]).toBeGreaterThan(0);
    expect(await db.webhookAttempt.count({ where: { delivery: { endpointId: ep.id } } })).toBe(ids.length);
    const counts = await db.webhookDelivery.groupBy({
      by: ["attemptCount"],
      where: { endpointId: ep.id },
      _count: true,
    });
    expect(counts).toEqual([{ attemptCount: 1, _count: ids.length }]);
  }, 60_000);
});
