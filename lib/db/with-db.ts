import type { DatabaseConfig } from "@/lib/config";
import { createPrisma, type Db } from "./create-prisma";
import { openPglite } from "./open-database";

/** For scripts: a Prisma client for the duration of `fn`, with PGlite closed afterwards. */
export async function withDb<T>(database: DatabaseConfig, fn: (db: Db) => Promise<T>): Promise<T> {
  const pglite = database.kind === "pglite" ? await openPglite(database.dataDir) : undefined;
  const db = await createPrisma(database, { pglite });
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
    // The adapter does not own the PGlite it was given; close it so its files are released.
    await pglite?.close();
  }
}
