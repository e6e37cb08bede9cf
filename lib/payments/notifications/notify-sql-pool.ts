import pg from "pg";
import { getConfig } from "@/lib/config";
import { parsePostgresUrl } from "@/lib/db/postgres-url";
import type { SqlRunner } from "./apply-success-fast";

const holder = globalThis as unknown as { __notifySql?: SqlRunner | null };

/**
 * A small pg pool for the notification hot path on PostgreSQL: its statement is prepared once
 * per connection, which Prisma's raw queries cannot do, and that halves the cost per
 * notification. Null on PGlite (one in-process database: Prisma's client is the way in).
 */
export function getNotifySql(): SqlRunner | null {
  if (holder.__notifySql !== undefined) return holder.__notifySql;
  const database = getConfig().database;
  if (database.kind !== "postgres") return (holder.__notifySql = null);
  holder.__notifySql = poolRunner(
    new pg.Pool({
      connectionString: parsePostgresUrl(database.url).connectionString,
      max: poolSize(process.env.NOTIFY_POOL_SIZE),
    }),
  );
  return holder.__notifySql;
}

export function poolRunner(pool: pg.Pool): SqlRunner {
  pool.on("error", (err) => console.warn("notify pool: idle connection error", err.message));
  return async (name, text, values) => (await pool.query({ name, text, values })).rows;
}

/** NOTIFY_POOL_SIZE: 1–100 connections, default 8. */
export function poolSize(raw: string | undefined): number {
  if (!raw?.trim()) return 8;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error("NOTIFY_POOL_SIZE must be an integer from 1 to 100");
  return n;
}
