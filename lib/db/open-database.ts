import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { DatabaseConfig } from "@/lib/config";
import { DEFAULT_DB_TIMEOUTS } from "@/lib/config/db-timeouts";
import { parsePostgresUrl } from "./postgres-url";
import { pgConnection, pgliteConnection, type SqlConnection } from "./sql-connection";

/** Opens PGlite under its data dir (created on first use) or a pg client to the server. */
export async function openPglite(dataDir: string): Promise<PGlite> {
  if (dataDir !== "memory://") mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(dataDir);
  await db.waitReady;
  return db;
}

/** A raw connection for scripts (migrate, seed checks); the app itself goes through Prisma. */
export async function openSqlConnection(database: DatabaseConfig): Promise<SqlConnection> {
  if (database.kind === "pglite") return pgliteConnection(await openPglite(database.dataDir));
  // Connect within the timeout; statements unbounded (a migration may take long on purpose).
  const client = new pg.Client({
    connectionString: parsePostgresUrl(database.url).connectionString,
    connectionTimeoutMillis: (database.timeouts ?? DEFAULT_DB_TIMEOUTS).connectMs,
  });
  await client.connect();
  return pgConnection(client);
}
