import pg from "pg";
import type { DatabaseConfig } from "@/lib/config";
import type { Db } from "./create-prisma";
import { pgPoolTimeouts } from "./pg-timeouts";
import { parsePostgresUrl } from "./postgres-url";
import { getLogger } from "@/lib/observability/logger";

/** Runs one parameterised statement by name: a raw pg pool (prepared once per connection) or Prisma. */
export type SqlRunner = <T = Record<string, unknown>>(name: string, text: string, values: unknown[]) => Promise<T[]>;

/** Prisma's raw query as a runner: PGlite (one in-process database) and tests without a pool. */
export const prismaRunner =
  (db: Db): SqlRunner =>
  <T>(_name: string, text: string, values: unknown[]) =>
    db.$queryRawUnsafe<T[]>(text, ...values);

export function poolRunner(pool: pg.Pool): SqlRunner {
  pool.on("error", (err) => getLogger("db").warn({ err }, "hot-path pool: idle connection error"));
  return async <T>(name: string, text: string, values: unknown[]) =>
    (await pool.query({ name, text, values })).rows as T[];
}

/** A pg pool on the configured PostgreSQL with its connect and query timeouts. */
export function createSqlPool(database: Extract<DatabaseConfig, { kind: "postgres" }>, max: number): pg.Pool {
  return new pg.Pool({
    connectionString: parsePostgresUrl(database.url).connectionString,
    max,
    ...pgPoolTimeouts(database.timeouts),
  });
}

const holder = globalThis as unknown as { __hotSql?: SqlRunner | null; __hotSqlPool?: pg.Pool };

/**
 * The process's small pg pool for the hot paths on PostgreSQL (notification ingest, API key
 * authentication, Checkout Session and storefront order creation): their statements are prepared once per
 * connection, which Prisma's raw queries cannot do, and each costs a fraction of a Prisma call.
 * Null on PGlite, where Prisma's client is the way in.
 */
export function getHotSql(database: DatabaseConfig): SqlRunner | null {
  if (holder.__hotSql !== undefined) return holder.__hotSql;
  if (database.kind !== "postgres") return (holder.__hotSql = null);
  // NOTIFY_POOL_SIZE (lib/config), default 8.
  holder.__hotSqlPool = createSqlPool(database, database.hotPoolSize ?? 8);
  holder.__hotSql = poolRunner(holder.__hotSqlPool);
  return holder.__hotSql;
}

/** Shutdown: ends the hot-path pool if one was opened. */
export async function closeHotSql(): Promise<void> {
  const pool = holder.__hotSqlPool;
  holder.__hotSqlPool = undefined;
  await pool?.end();
}
