// The merchant routes' real handlers, called with a Request as Next calls them: the wrapper's
// 401/403/429 shapes, the required Idempotency-Key, 201 then 200 on a replay, and the objects.
// The process's database and WeChat Pay context are pointed at a test database and a simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getOrder } from "@/app/api/v1/orders/[orderNo]/route";
import { GET as getRefund } from "@/app/api/v1/refunds/[id]/route";
import { POST as postRefund } from "@/app/api/v1/refunds/route";
import { revokeApiKey } from "@/lib/api-keys/manage-api-keys";
import type { Db } from "@/lib/db/create-prisma";
import { orderObjectSchema } from "@/lib/orders/order-object";
import { refundObjectSchema } from "@/lib/refunds/refund-object";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { startSimWechat, type SimWechat } from "@/tests/worker/simulator-wechat";
import { adminUser, newKey, paidOrder } from "./fixtures";

const holder = globalThis as unknown as { __checkoutDb?: Promise<Db> };
const BASE = "http://localhost:3000";

let s: SimWechat;

beforeAll(async () => {
  // One simulator for the file: getWechat() builds the process's context once, from the env.
  s = await startSimWechat();
  process.env.SIMULATOR_URL = s.sim.url;
  process.env.SIMULATOR_DATA_DIR = s.sim.dataDir;
  process.env.NEXTAUTH_URL = "http://127.0.0.1:9"; // notifications go nowhere
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

function call(
  handler: (req: Request, ctx: never) => Promise<Response>,
  url: string,
  init: RequestInit & { params?: Record<string, string> } = {},
) {
  const { params = {}, ...rest } = init;
  return handler(new Request(`${BASE}${url}`, rest), { params: Promise.resolve(params) } as never);
}
const auth = (secret: string, extra: Record<string, string> = {}) => ({ Authorization: `Bearer ${secret}`, ...extra });

describe.each(["pglite", "postgres"] as const)("merchant routes on %s", (kind) => {
  let m: MigratedDb | null;
  let admin: Awaited<ReturnType<typeof adminUser>>;
  let order: Awaited<ReturnType<typeof paidOrder>>;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
    if (!m) return;
    holder.__checkoutDb = Promise.resolve(m.db);
    admin = await adminUser(m.db);
    // Paid at the simulator the routes' context talks to (same merchant, same data dir).
    order = await paidOrder(m.db, s, 1500, { session: true });
  }, 60_000);
  afterAll(async () => {
    delete holder.__checkoutDb;
    await m?.dispose();
  });

  it("no key, a malformed key or an unknown key: 401 in the error shape, with WWW-Authenticate", async (ctx) => {
    if (!m) return ctx.skip();
    for (const headers of [{}, { Authorization: "Bearer nope" }, auth(`sk_${"Q".repeat(43)}`)] as HeadersInit[]) {
      const res = await call(getOrder, `/api/v1/orders/${order.orderNo}`, {
        headers,
        params: { orderNo: order.orderNo },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
      expect(await res.json()).toEqual({
        error: { code: "UNAUTHORIZED", message: "A valid API key is required (Authorization: Bearer sk_…)" },
      });
    }
  });

  it("a key without the route's scope: 403 naming the scope", async (ctx) => {
    if (!m) return ctx.skip();
    const key = await newKey(m.db, admin, ["checkout:read"]);
    const res = await call(getOrder, `/api/v1/orders/${order.orderNo}`, {
      headers: auth(key.secret),
      params: { orderNo: order.orderNo },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: {
        code: "FORBIDDEN",
        message: "This API key lacks the orders:read scope",
        details: { requiredScope: "orders:read" },
      },
    });
    const post = await call(postRefund, "/api/v1/refunds", {
      method: "POST",
      headers: auth(key.secret, { "Idempotency-Key": "k-403-test-1" }),
      body: JSON.stringify({ orderNo: order.orderNo, amountFen: 1 }),
    });
    expect(post.status).toBe(403);
    expect(((await post.json()) as { error: { details: unknown } }).error.details).toEqual({
      requiredScope: "refunds:write",
    });
  });

  it("orders:read reads the order object; an unknown order is 404; after revocation the next call is 401", async (ctx) => {
    if (!m) return ctx.skip();
    const key = await newKey(m.db, admin, ["orders:read"]);
    const ok = await call(getOrder, `/api/v1/orders/${order.orderNo}`, {
      headers: auth(key.secret),
      params: { orderNo: order.orderNo },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const body = orderObjectSchema.parse(await ok.json());
    expect(body).toMatchObject({ orderNo: order.orderNo, status: "PAID", checkoutSessionId: order.checkoutSessionId });

    const missing = await call(getOrder, "/api/v1/orders/20260101-ABCDEFGH", {
      headers: auth(key.secret),
      params: { orderNo: "20260101-ABCDEFGH" },
    });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");

    await revokeApiKey(m.db, key.id, admin);
    const after = await call(getOrder, `/api/v1/orders/${order.orderNo}`, {
      headers: auth(key.secret),
      params: { orderNo: order.orderNo },
    });
    expect(after.status).toBe(401);
  });

  it("POST refunds: Idempotency-Key required, exactly one order reference, then 201, a 200 replay, 409 on another body", async (ctx) => {
    if (!m) return ctx.skip();
    const key = await newKey(m.db, admin, ["refunds:write", "orders:read"]);
    const post = (body: unknown, idem?: string) =>
      call(postRefund, "/api/v1/refunds", {
        method: "POST",
        headers: auth(key.secret, { "Content-Type": "application/json", ...(idem ? { "Idempotency-Key": idem } : {}) }),
        body: JSON.stringify(body),
      });
    const noKey = await post({ orderNo: order.orderNo, amountFen: 100 });
    expect(noKey.status).toBe(400);
    expect(await noKey.json()).toMatchObject({
      error: { code: "VALIDATION_ERROR", details: [{ path: "Idempotency-Key" }] },
    });
    expect((await post({ orderNo: order.orderNo, amountFen: 100 }, "bad key")).status).toBe(400);
    for (const b of [
      { amountFen: 100 },
      { orderNo: order.orderNo, checkoutSessionId: order.checkoutSessionId, amountFen: 100 },
    ]) {
      const res = await post(b, `k-${kind}-one-of`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "VALIDATION_ERROR", details: [{ path: "orderNo" }] } });
    }
    const raw = (contentType: string) =>
      call(postRefund, "/api/v1/refunds", {
        method: "POST",
        headers: auth(key.secret, { "Idempotency-Key": `k-${kind}-json`, "Content-Type": contentType }),
        body: "{",
      });
    expect((await raw("application/json")).status).toBe(400);
    expect((await raw("text/plain")).status).toBe(415);
    expect(await m.db.refund.count()).toBe(0);

    const idem = `k-${kind}-refund-1`;
    const body = { checkoutSessionId: order.checkoutSessionId, amountFen: 500, reason: "退一件" };
    const created = await post(body, idem);
    expect(created.status).toBe(201);
    expect(created.headers.get("idempotent-replayed")).toBeNull();
    const refund = refundObjectSchema.parse(await created.json());
    expect(refund).toMatchObject({ status: "PROCESSING", amountFen: 500, checkoutSessionId: order.checkoutSessionId });

    const replay = await post(body, idem);
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toEqual(refund);

    const reused = await post({ ...body, amountFen: 501 }, idem);
    expect(reused.status).toBe(409);
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe("IDEMPOTENCY_KEY_REUSED");

    const over = await post({ orderNo: order.orderNo, amountFen: 1001 }, `k-${kind}-over`);
    expect(over.status).toBe(409);
    expect(await over.json()).toMatchObject({
      error: { code: "REFUND_EXCEEDS_REMAINING", details: { remainingFen: 1000 } },
    });
    const unknown = await post({ orderNo: "20260101-ABCDEFGH", amountFen: 1 }, `k-${kind}-404`);
    expect(unknown.status).toBe(404);

    const read = await call(getRefund, `/api/v1/refunds/${refund.id}`, {
      headers: auth(key.secret),
      params: { id: refund.id },
    });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(refund);
    const readMissing = await call(getRefund, "/api/v1/refunds/nope", {
      headers: auth(key.secret),
      params: { id: "nope" },
    });
    expect(readMissing.status).toBe(404);
  });

  it("GET refunds/:id needs orders:read (refunds:write alone is 403)", async (ctx) => {
    if (!m) return ctx.skip();
    const key = await newKey(m.db, admin, ["refunds:write"]);
    const res = await call(getRefund, "/api/v1/refunds/00000000-0000-4000-8000-000000000000", {
      headers: auth(key.secret),
      params: { id: "00000000-0000-4000-8000-000000000000" },
    });
    expect(res.status).toBe(403);
  });

  it("past the key's rate limit: 429 RATE_LIMITED with Retry-After", async (ctx) => {
    if (!m) return ctx.skip();
    const key = await newKey(m.db, admin, ["orders:read"]);
    // The shared counter (table rate_limits) one short of the default 6000 a minute, as if other
    // instances had served the rest of this minute's requests.
    await m.db.rateLimitCounter.create({
      data: { key: `api-key:${key.id}`, count: 5998, resetAt: new Date(Date.now() + 60_000) },
    });
    const get = () =>
      call(getOrder, `/api/v1/orders/${order.orderNo}`, {
        headers: auth(key.secret),
        params: { orderNo: order.orderNo },
      });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
  });
});
