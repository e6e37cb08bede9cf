// API keys end to end on both engines: created (hash only), authenticated, scoped, throttled
// lastUsedAt, rate limited per key, revoked with effect on the very next request, audited.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolRunner, prismaRunner, type SqlRunner } from "@/lib/db/hot-sql";
import { parsePostgresUrl } from "@/lib/db/postgres-url";
import { hashApiKeySecret } from "@/lib/api-keys/api-key-secret";
import { apiKeyLabel, authenticateApiKey, type ApiKeyAuthOptions } from "@/lib/api-keys/authenticate-api-key";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import { listApiKeys, newApiKeySchema, revokeApiKey } from "@/lib/api-keys/manage-api-keys";
import { ForbiddenError, NotFoundError, RateLimitedError, UnauthorizedError } from "@/lib/errors/app-error";
import { hitWindow } from "@/lib/http/rate-limit";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { adminUser, bearer, newKey } from "./fixtures";

describe.each(["pglite", "postgres"] as const)("API keys on %s", (kind) => {
  let m: MigratedDb | null;
  let admin: Awaited<ReturnType<typeof adminUser>>;
  // On PostgreSQL the key is looked up as in production, through the hot-path pg pool.
  let pool: pg.Pool | undefined;
  let sql: SqlRunner | undefined;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
    if (m) admin = await adminUser(m.db);
    if (m && kind === "postgres") {
      pool = new pg.Pool({ connectionString: parsePostgresUrl(m.engine.url!).connectionString, max: 4 });
      sql = poolRunner(pool);
    }
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await m?.dispose();
  });
  const auth = (header: string | null, scope: ApiKeyScope, opts: ApiKeyAuthOptions = {}) =>
    authenticateApiKey(m!.db, header, scope, { ...opts, sql });

  it("creates a key whose secret is stored only as its hash, audited; the list never shows secret or hash", async (ctx) => {
    if (!m) return ctx.skip();
    const key = await newKey(m.db, admin, ["orders:read", "orders:read", "refunds:write"]);
    expect(key).toEqual({
      id: expect.any(String),
      name: "Shop backend",
      scopes: ["orders:read", "refunds:write"],
      prefix: key.secret.slice(0, 12),
      mode: "test",
      livemode: false,
      secret: expect.stringMatching(/^sk_test_[0-9A-Za-z]{43}$/),
    });
    const row = await m.db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.secretHash).toBe(hashApiKeySecret(key.secret));
    expect(row.lastFour).toBe(key.secret.slice(-4));
    expect([row.createdById, row.createdBy]).toEqual([admin.id, admin.email]);
    expect(JSON.stringify(row)).not.toContain(key.secret);

    const audit = await m.db.auditLog.findMany({ where: { targetId: key.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "API_KEY_CREATED", actorId: admin.id, actorEmail: admin.email });
    expect(JSON.stringify(audit[0])).not.toContain(key.secret);

    const listed = (await listApiKeys(m.db)).find((k) => k.id === key.id)!;
    expect(Object.keys(listed).sort()).toEqual(
      [
        "createdAt",
        "createdBy",
        "id",
        "lastFour",
        "lastUsedAt",
        "livemode",
        "name",
        "prefix",
        "revokedAt",
        "scopes",
      ].sort(),
    );
  });

  it("refuses bad input to create: no name, no scope, an unknown scope", () => {
    expect(newApiKeySchema.safeParse({ name: " ", scopes: ["orders:read"] }).success).toBe(false);
    expect(newApiKeySchema.safeParse({ name: "x", scopes: [] }).success).toBe(false);
    expect(newApiKeySchema.safeParse({ name: "x", scopes: ["admin"] }).success).toBe(false);
    expect(newApiKeySchema.safeParse({ name: "a\u0000b", scopes: ["orders:read"] }).success).toBe(false);
  });

  it("authenticates a Bearer key holding the scope and hands back who it is", async (ctx) => {
    if (!m) return ctx.skip();
    const key = await newKey(m.db, admin, ["orders:read"], "Reader");
    const actor = await auth(bearer(key.secret), "orders:read");
    expect(actor).toEqual({
      kind: "api_key",
      id: key.id,
      name: "Reader",
      prefix: key.prefix,
      lastFour: key.secret.slice(-4),
      scopes: ["orders:read"],
      livemode: false,
    });
    expect(apiKeyLabel(actor)).toBe(`api_key:${key.prefix}…${key.secret.slice(-4)} (Reader)`);
    // The scheme is case-insensitive; surrounding spaces are tolerated.
    await expect(auth(`bearer   ${key.secret} `, "orders:read")).resolves.toMatchObject({
      id: key.id,
    });
  });

  it("missing, malformed and unknown keys are all 401 with one message", async (ctx) => {
    if (!m) return ctx.skip();
    const key = await newKey(m.db, admin, ["orders:read"]);
    const unknown = `sk_${"A".repeat(43)}`;
    const bad = [
      null,
      "",
      key.secret, // no scheme
      `Basic ${key.secret}`,
      "Bearer",
      "Bearer sk_short",
      `Bearer ${key.secret}x`,
      `Bearer ${key.secret.replace("sk_", "pk_")}`,
      `Bearer ${key.secret} extra`,
      `Bearer ${unknown}`,
      `Bearer ${hashApiKeySecret(key.secret)}`, // the hash is not the secret
    ];
    const messages = new Set<string>();
    for (const header of bad) {
      const err = await auth(header, "orders:read").catch((e: unknown) => e);
      expect(err, String(header)).toBeInstanceOf(UnauthorizedError);
      messages.add((err as Error).message);
    }
    expect(messages.size).toBe(1);
  });

  it("a key without the scope is 403 naming the scope", async (ctx) => {
    if (!m) return ctx.skip();
    const key = await newKey(m.db, admin, ["checkout:read"]);
    const err = await auth(bearer(key.secret), "orders:read").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err).toMatchObject({ status: 403, details: { requiredScope: "orders:read" } });
  });

  it("revocation takes effect on the next request; revoking again changes nothing and audits once", async (ctx) => {
    if (!m) return ctx.skip();
    const key = await newKey(m.db, admin, ["orders:read"]);
    await auth(bearer(key.secret), "orders:read");
    const revoked = await revokeApiKey(m.db, key.id, admin, "10.0.0.9");
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    await expect(auth(bearer(key.secret), "orders:read")).rejects.toBeInstanceOf(UnauthorizedError);
    // Two admins racing, and a repeat: the first time stays, one audit row.
    const again = await Promise.all([revokeApiKey(m.db, key.id, admin), revokeApiKey(m.db, key.id, admin)]);
    for (const r of again) expect(r.revokedAt).toEqual(revoked.revokedAt);
    expect(await m.db.auditLog.count({ where: { targetId: key.id, action: "API_KEY_REVOKED" } })).toBe(1);
    // The list puts it after active keys.
    const list = await listApiKeys(m.db);
    const firstRevoked = list.findIndex((k) => k.revokedAt);
    expect(list.slice(firstRevoked).every((k) => k.revokedAt)).toBe(true);
  });

  it("revoking an unknown or malformed id is 404", async (ctx) => {
    if (!m) return ctx.skip();
    await expect(revokeApiKey(m.db, "00000000-0000-4000-8000-000000000000", admin)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(revokeApiKey(m.db, "not-a-uuid", admin)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("records lastUsedAt, at most once a minute per key", async (ctx) => {
    if (!m) return ctx.skip();
    const key = await newKey(m.db, admin, ["orders:read"]);
    const lastUsed = async () => (await m!.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const t0 = new Date("2026-12-01T10:00:00.000Z");
    await auth(bearer(key.secret), "orders:read", { now: t0 });
    expect(await lastUsed()).toEqual(t0);
    await auth(bearer(key.secret), "orders:read", { now: new Date(t0.getTime() + 59_000) });
    expect(await lastUsed()).toEqual(t0);
    const t1 = new Date(t0.getTime() + 60_000);
    await auth(bearer(key.secret), "orders:read", { now: t1 });
    expect(await lastUsed()).toEqual(t1);
    // Concurrent requests of one key a minute later: one of them writes; it never moves back.
    const t2 = new Date(t1.getTime() + 120_000);
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        authenticateApiKey(m!.db, bearer(key.secret), "orders:read", { now: new Date(t2.getTime() + i) }),
      ),
    );
    const after = (await lastUsed())!.getTime();
    expect(after).toBeGreaterThanOrEqual(t2.getTime());
    expect(after).toBeLessThan(t2.getTime() + 5);
    // A 403 is still use of the key: it shows up in the list.
    const t3 = new Date(t2.getTime() + 120_000);
    await expect(auth(bearer(key.secret), "refunds:write", { now: t3 })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await lastUsed()).toEqual(t3);
  });

  it("rate limits per key: past the limit 429 with Retry-After, other keys unaffected, unknown keys not counted", async (ctx) => {
    if (!m) return ctx.skip();
    // The database-backed window the app uses (counted in the authentication statement), 3 a minute.
    const rateLimit = { name: `api-key-test-${kind}`, limit: 3, windowMs: 60_000 };
    const a = await newKey(m.db, admin, ["orders:read"]);
    const b = await newKey(m.db, admin, ["orders:read"]);
    for (let i = 0; i < 3; i += 1) await auth(bearer(a.secret), "orders:read", { rateLimit });
    const err = await auth(bearer(a.secret), "orders:read", { rateLimit }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    // Missing scope is counted too (a hammering client cannot dodge the limit with 403s).
    await expect(auth(bearer(a.secret), "refunds:write", { rateLimit })).rejects.toBeInstanceOf(RateLimitedError);
    await expect(auth(bearer(b.secret), "orders:read", { rateLimit })).resolves.toMatchObject({
      id: b.id,
    });
    for (let i = 0; i < 5; i += 1) {
      await expect(auth(bearer(`sk_${"B".repeat(43)}`), "orders:read", { rateLimit })).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
    }
    // The same rows as lib/http/rate-limit's window (one budget whichever path counts): a's 5
    // hits, b's 1; a hit through hitWindow lands in a's window and is refused too.
    const counts = await m.db.rateLimitCounter.findMany({ where: { key: { startsWith: `${rateLimit.name}:` } } });
    expect(Object.fromEntries(counts.map((r) => [r.key, r.count]))).toEqual({
      [`${rateLimit.name}:${a.id}`]: 5,
      [`${rateLimit.name}:${b.id}`]: 1,
    });
    await expect(hitWindow(sql ?? prismaRunner(m.db), rateLimit, a.id)).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("a revoked key is refused before it is counted or marked used", async (ctx) => {
    if (!m) return ctx.skip();
    const rateLimit = { name: `api-key-revoked-${kind}`, limit: 100, windowMs: 60_000 };
    const key = await newKey(m.db, admin, ["orders:read"]);
    await revokeApiKey(m.db, key.id, admin);
    await expect(auth(bearer(key.secret), "orders:read", { rateLimit })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(await m.db.rateLimitCounter.count({ where: { key: `${rateLimit.name}:${key.id}` } })).toBe(0);
    expect((await m.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toBeNull();
  });
});
