import { PrismaPg } from "@prisma/adapter-pg";
import type { PGlite } from "@electric-sql/pglite";
import type { DatabaseConfig } from "@/lib/config";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { DEFAULT_DB_TIMEOUTS, type DbTimeouts } from "@/lib/config/db-timeouts";
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
    return new PrismaClient({
      adapter: new PrismaPg(pool, { schema }),
      transactionOptions: transactionOptions(database.timeouts),
    });
  }
  // Loaded only here: a PostgreSQL process (and the webhook delivery thread's bundle, which
  // the standalone server runs without these packages' CommonJS files) never loads PGlite.
  const [{ PrismaPGlite }, { openPglite }, { keepPrismaArrayParsers }] = await Promise.all([
    import("pglite-prisma-adapter"),
    import("./open-database"),
    import("./pglite-array-parsers"),
  ]);
  const pglite = opts.pglite ?? (await openPglite(database.dataDir));
  await keepPrismaArrayParsers(pglite);
  const db = new PrismaClient({ adapter: new PrismaPGlite(pglite), transactionOptions: transactionOptions() });
  if (!opts.pglite) ownedPglite.set(db, pglite);
  return db;
}

/**
 * Interactive transactions wait for a connection as long as any other query does (Prisma's own
 * default is 2 s, so a burst that fills the pool failed transactions that a plain query would
 * have waited out), and may run a few statements' worth of the statement timeout.
 */
function transactionOptions(timeouts: DbTimeouts = DEFAULT_DB_TIMEOUTS): { maxWait: number; timeout: number } {
  return { maxWait: timeouts.connectMs, timeout: 3 * timeouts.queryMs };
}

// The PGlite a client opened itself: the adapter never closes it, and an unclosed PGlite may
// leave its last writes unflushed.
const ownedPglite = new WeakMap<Db, PGlite>();

/** Disconnects the client and closes the PGlite it opened (not one it was given). */
export async function closePrisma(db: Db): Promise<void> {
  await db.$disconnect();
  await ownedPglite.get(db)?.close();
}
