import { migrate, readMigrations } from "@/lib/db/migrate";
import { createPrisma, type Db } from "@/lib/db/create-prisma";
import { openPgliteEngine, openPostgresEngine, type TestEngine } from "./engines";

export interface MigratedDb {
  engine: TestEngine;
  db: Db;
  dispose(): Promise<void>;
}

/** A fresh, migrated database with a Prisma client: in-memory PGlite or a PostgreSQL schema. */
export async function openMigratedDb(kind: "pglite" | "postgres"): Promise<MigratedDb | null> {
  const engine = kind === "pglite" ? await openPgliteEngine() : await openPostgresEngine();
  if (!engine) return null;
  await migrate(engine.conn, readMigrations());
  const db =
    kind === "pglite"
      ? await createPrisma({ kind: "pglite", dataDir: "memory://" }, { pglite: engine.pglite })
      : await createPrisma({ kind: "postgres", url: engine.url! }, { poolSize: 4 });
  return {
    engine,
    db,
    dispose: async () => {
      await db.$disconnect();
      await engine.dispose();
    },
  };
}
