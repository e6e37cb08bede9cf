import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { PGlite } from "@electric-sql/pglite";
import type { DatabaseConfig } from "@/lib/config";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { openPglite } from "./open-database";
import { pgPoolTimeouts } from "./pg-timeouts";
import { parsePostgresUrl } from "./postgres-url";

export type Db = PrismaClient;

/**
 * Prisma 7's client over a driver adapter: PGlite in-process, or PostgreSQL through pg. Neither
 * needs Prisma's native engines. Pass an open PGlite to share it (tests, in-process scripts).
 */
export async function createPrisma(
  database: DatabaseConfig,
  opts: { pglite?: PGlite; poolSize?: number } = {},
): Promise<Db> {
  if (database.kind === "postgres") {
    const { connectionString, schema } = parsePostgresUrl(database.url);
    const pool = { connectionString, max: opts.poolSize ?? 10, ...pgPoolTimeouts(database.timeouts) };
    return new PrismaClient({ adapter: new PrismaPg(pool, { schema }) });
  }
  const pglite = opts.pglite ?? (await openPglite(database.dataDir));
  return new PrismaClient({ adapter: new PrismaPGlite(pglite) });
}
