import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorResponse } from "@/lib/http/error-response";
import {
  startThrowawayPostgres,
  throwawayPostgresPossible,
  type ThrowawayPostgres,
} from "@/tests/helpers/throwaway-postgres";
import { createPrisma, type Db } from "./create-prisma";
import { isDatabaseUnavailable } from "./is-database-unavailable";

// Against a private PostgreSQL cluster (never the shared server): it is stalled with SIGSTOP,
// which is what a hung host or a frozen VM looks like to the app.
const possible = throwawayPostgresPossible();
if (!possible && process.env.CI === "true") throw new Error("the throwaway PostgreSQL cluster is required under CI");

const timeouts = { connectMs: 400, queryMs: 300 };
/** The client gives up queryMs + 500 ms after sending; the rest is slack for a loaded machine. */
const GIVE_UP_MS = timeouts.queryMs + 500 + 2_500;

async function failure(p: Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const t = Date.now();
  try {
    await p;
  } catch (err) {
    return { err, ms: Date.now() - t };
  }
  throw new Error("expected the database call to fail");
}

describe.skipIf(!possible)("pool timeouts against a stalled PostgreSQL", () => {
  let pg: ThrowawayPostgres;
  let db: Db;

  beforeAll(async () => {
    pg = await startThrowawayPostgres();
    db = await createPrisma({ kind: "postgres", url: pg.url, timeouts }, { poolSize: 2 });
    await db.$executeRawUnsafe("CREATE TABLE t (id int PRIMARY KEY)");
  });
  afterAll(async () => {
    await db?.$disconnect();
    pg?.stop();
  });

  it("abandons a transaction cut by a stall: 503 within the timeout, nothing of it applied after resume", async () => {
    const { err, ms } = await failure(
      db.$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO t VALUES (1)`;
        pg.stall();
        await tx.$executeRaw`INSERT INTO t VALUES (2)`;
      }),
    );
    try {
      expect(ms).toBeLessThan(GIVE_UP_MS);
      expect(isDatabaseUnavailable(err)).toBe(true);
      const res = errorResponse(err);
      expect(res.status).toBe(503);
      expect(res.headers.get("Retry-After")).toBe("5");
      expect(await res.json()).toMatchObject({ error: { code: "DATABASE_UNAVAILABLE" } });
    } finally {
      pg.resume();
    }
    // The stalled connection was destroyed, not handed out again still inside the transaction.
    expect(await db.$queryRaw`SELECT count(*)::int AS n FROM t`).toEqual([{ n: 0 }]);
    const open = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'`;
    expect(open[0]!.n).toBe(0);
    await db.$executeRaw`INSERT INTO t VALUES (3)`;
    expect(await db.$queryRaw`SELECT id FROM t`).toEqual([{ id: 3 }]);
  });

  it("fails a new connection within connectMs while stalled, and recovers after resume", async () => {
    const fresh = await createPrisma({ kind: "postgres", url: pg.url, timeouts });
    pg.stall();
    try {
      const { err, ms } = await failure(fresh.$queryRaw`SELECT 1`);
      expect(ms).toBeLessThan(timeouts.connectMs + 2_500);
      expect(isDatabaseUnavailable(err)).toBe(true);
    } finally {
      pg.resume();
    }
    expect(await fresh.$queryRaw`SELECT 1::int AS one`).toEqual([{ one: 1 }]);
    await fresh.$disconnect();
  });

  it("lets the server cancel a slow statement (statement_timeout) and keeps the connection usable", async () => {
    const { err, ms } = await failure(db.$queryRaw`SELECT pg_sleep(2)`);
    expect(ms).toBeLessThan(GIVE_UP_MS);
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(await db.$queryRaw`SELECT 2::int AS two`).toEqual([{ two: 2 }]);
  });

  it("maps an unreachable server to 503 at once", async () => {
    const gone = await createPrisma({ kind: "postgres", url: "postgresql://postgres@127.0.0.1:9/x", timeouts });
    const { err, ms } = await failure(gone.$queryRaw`SELECT 1`);
    expect(ms).toBeLessThan(1_000);
    expect(errorResponse(err).status).toBe(503);
    await gone.$disconnect();
  });
});
