// The real route handlers (withApiKey → zod → domain → error mapper) on a migrated database:
// 201 with the session object, the replay header, GET, 400 details, and 401/403 without the
// right key. The handlers' getDb() is pointed at the test database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKeySecret, hashApiKeySecret, describeSecret } from "@/lib/api-keys/api-key-secret";
import { checkoutSessionSchema } from "@/lib/checkout-sessions/session-schemas";
import { getConfig } from "@/lib/config";
import type { Db } from "@/lib/db/create-prisma";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { POST } from "@/pages/api/v1/checkout/sessions";
import { GET } from "@/app/api/v1/checkout/sessions/[id]/route";

const holder = globalThis as unknown as { __checkoutDb?: Promise<Db> };

describe.each(["pglite", "postgres"] as const)("checkout session routes on %s", (kind) => {
  let m: MigratedDb | null;
  const secrets: Record<string, string> = {};
  beforeAll(async () => {
    m = await openMigratedDb(kind);
    if (!m) return;
    holder.__checkoutDb = Promise.resolve(m.db);
    for (const [name, scopes] of [
      ["writer", ["checkout:write", "checkout:read"]],
      ["reader", ["orders:read"]],
    ] as const) {
      const secret = generateApiKeySecret("test");
      await m.db.apiKey.create({
        data: {
          livemode: false,
          name,
          scopes: [...scopes],
          ...describeSecret(secret),
          secretHash: hashApiKeySecret(secret),
          createdBy: "test",
        },
      });
      secrets[name] = secret;
    }
  }, 60_000);
  afterAll(async () => {
    delete holder.__checkoutDb;
    await m?.dispose();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    POST(
      new Request("http://localhost/api/v1/checkout/sessions", {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify(body),
      }),
      undefined,
    );
  const auth = (who: string) => ({ Authorization: `Bearer ${secrets[who]}` });
  const body = {
    lineItems: [{ name: "Pro plan", unitAmountFen: 4900, quantity: 1 }],
    successUrl: "http://127.0.0.1:4010/thanks?session={CHECKOUT_SESSION_ID}",
    clientReferenceId: "u_1",
  };

  it("POST answers 201 with the session object; GET answers the same; a replay says so", async (ctx) => {
    if (!m) return ctx.skip();
    const res = await post(body, { ...auth("writer"), "Idempotency-Key": `route-${kind}-1` });
    expect(res.status).toBe(201);
    expect(res.headers.get("Idempotent-Replayed")).toBeNull();
    const session = checkoutSessionSchema.parse(await res.json());
    expect(session).toMatchObject({
      object: "checkout.session",
      status: "open",
      url: `${getConfig().appUrl}/pay/${session.id}`,
      amountTotalFen: 4900,
      successUrl: `http://127.0.0.1:4010/thanks?session=${session.id}`,
      cancelUrl: null,
      metadata: {},
    });
    const replay = await post(body, { ...auth("writer"), "Idempotency-Key": `route-${kind}-1` });
    expect(replay.status).toBe(200);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await replay.json()).toEqual(session);
    const got = await GET(
      new Request(`http://localhost/api/v1/checkout/sessions/${session.id}`, { headers: auth("writer") }),
      { params: Promise.resolve({ id: session.id }) },
    );
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(session);
    const missing = await GET(new Request("http://localhost/x", { headers: auth("writer") }), {
      params: Promise.resolve({ id: "cs_000000000000000000000000" }),
    });
    expect(missing.status).toBe(404);
  });

  it("400 VALIDATION_ERROR with field details for a bad body or Idempotency-Key", async (ctx) => {
    if (!m) return ctx.skip();
    const res = await post({ ...body, lineItems: [{ name: "x", unitAmountFen: 0, quantity: 1 }] }, auth("writer"));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: "VALIDATION_ERROR", details: [{ path: "lineItems.0.unitAmountFen" }] },
    });
    const key = await post(body, { ...auth("writer"), "Idempotency-Key": "short" });
    expect(key.status).toBe(400);
    expect(await key.json()).toMatchObject({
      error: { code: "VALIDATION_ERROR", details: [{ path: "Idempotency-Key" }] },
    });
    expect(await m.db.checkoutSession.count()).toBe(1);
  });

  it("401 without a key or with an unknown one, 403 without the scope; nothing stored", async (ctx) => {
    if (!m) return ctx.skip();
    const before = await m.db.order.count();
    const none = await post(body);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    const unknown = await post(body, { Authorization: `Bearer ${generateApiKeySecret("test")}` });
    expect(unknown.status).toBe(401);
    const reader = await post(body, auth("reader"));
    expect(reader.status).toBe(403);
    expect(await reader.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect(await m.db.order.count()).toBe(before);
  });
});
