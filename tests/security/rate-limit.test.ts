// The database-backed rate limiter (lib/http/rate-limit.ts) on PostgreSQL, with two pg pools
// standing for two app instances. Time is moved by rewriting reset_at, not by sleeping.
// (PGlite runs the same statements in lib/checkout/place-prepay.test.ts and tests/admin.)
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolRunner, type SqlRunner } from "@/lib/db/hot-sql";
import { parsePostgresUrl } from "@/lib/db/postgres-url";
import { RateLimitedError } from "@/lib/errors/app-error";
import { clientKey, hitBackoff, hitWindow, type BackoffRule } from "@/lib/http/rate-limit";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";

let m: MigratedDb | null = null;
const pools: pg.Pool[] = [];
let a: SqlRunner;
let b: SqlRunner;
beforeAll(async () => {
  m = await openMigratedDb("postgres");
  if (!m) return;
  const { connectionString } = parsePostgresUrl(m.engine.url!);
  pools.push(new pg.Pool({ connectionString, max: 8 }), new pg.Pool({ connectionString, max: 8 }));
  [a, b] = pools.map(poolRunner) as [SqlRunner, SqlRunner];
}, 30_000);
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await m?.dispose();
});

const outcome = (p: Promise<void>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof RateLimitedError ? "429" : `unexpected ${String(e)}`),
  );
const setResetAt = (key: string, sqlInterval: string) =>
  m!.db.$executeRawUnsafe(`UPDATE rate_limits SET reset_at = now() + interval '${sqlInterval}' WHERE key = $1`, key);

describe("rate limits in the database", () => {
  it("a window holds across instances: 100 concurrent hits on two pools, exactly the limit pass", async (ctx) => {
    if (!m) return ctx.skip();
    const rule = { name: "t-window", limit: 40, windowMs: 60_000 };
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => outcome(hitWindow(i % 2 ? a : b, rule, "198.51.100.1"))),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(40);
    expect(results.filter((r) => r === "429")).toHaveLength(60);
    const err = await hitWindow(a, rule, "198.51.100.1").catch((e: unknown) => e);
    expect((err as RateLimitedError).retryAfterSeconds).toBeGreaterThan(30);
    expect(await outcome(hitWindow(b, rule, "198.51.100.2"))).toBe("ok"); // another client
    // The window ends: a fresh count.
    await setResetAt("t-window:198.51.100.1", "-1 millisecond");
    expect(await outcome(hitWindow(a, rule, "198.51.100.1"))).toBe("ok");
    expect((await m.db.rateLimitCounter.findUniqueOrThrow({ where: { key: "t-window:198.51.100.1" } })).count).toBe(1);
  });

  it("growing delays: free attempts, then waits of base, 2×, 4× … up to the cap; a quiet spell restarts", async (ctx) => {
    if (!m) return ctx.skip();
    const rule: BackoffRule = { name: "t-backoff", free: 3, baseMs: 10_000, maxMs: 40_000, decayMs: 600_000 };
    const key = "t-backoff:x";
    const attempt = () => outcome(hitBackoff(a, rule, "x"));
    const waitSeconds = async () =>
      ((await hitBackoff(b, rule, "x").catch((e: unknown) => e)) as RateLimitedError).retryAfterSeconds;
    // Concurrent attempts are counted one by one: three pass, the rest wait.
    const burst = await Promise.all(Array.from({ length: 6 }, attempt));
    expect(burst.filter((r) => r === "ok")).toHaveLength(3);
    const waits: number[] = [await waitSeconds()];
    for (let i = 0; i < 3; i++) {
      await setResetAt(key, "-1 millisecond"); // the wait is over
      expect(await attempt()).toBe("ok");
      waits.push(await waitSeconds());
    }
    // 10 s, 20 s, 40 s, capped at 40 s (a second or so may pass on a loaded machine).
    expect(waits.map((s) => Math.round(s / 10) * 10)).toEqual([10, 20, 40, 40]);
    // Quiet for longer than decayMs after the last wait: counting starts again.
    await setResetAt(key, "-601 seconds");
    expect([await attempt(), await attempt(), await attempt(), await attempt()]).toEqual(["ok", "ok", "ok", "429"]);
  });

  it("a free attempt never waits on the clock (reset_at rounds to the millisecond; a racing attempt's now() may be earlier)", async (ctx) => {
    if (!m) return ctx.skip();
    const rule: BackoffRule = { name: "t-free", free: 3, baseMs: 10_000, maxMs: 40_000, decayMs: 600_000 };
    expect(await outcome(hitBackoff(a, rule, "y"))).toBe("ok");
    await setResetAt("t-free:y", "1 second"); // a stored "no wait" that reads as later than now()
    expect(await outcome(hitBackoff(b, rule, "y"))).toBe("ok");
    expect(await outcome(hitBackoff(a, rule, "y"))).toBe("ok");
    expect(await outcome(hitBackoff(b, rule, "y"))).toBe("429"); // the fourth waits base
  });

  it("IPv6 clients are keyed by their /64", () => {
    expect(clientKey("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8:1:2::9")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
    expect(clientKey("203.0.113.7")).toBe("203.0.113.7");
  });
});
