import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { parsePostgresUrl } from "@/lib/db/postgres-url";
import { pgConnection, pgliteConnection, type SqlConnection } from "@/lib/db/sql-connection";
import { createTestSchema, postgresAvailable } from "./postgres";

export interface TestEngine {
  name: "pglite" | "postgres";
  conn: SqlConnection;
  /** For Prisma: an in-memory PGlite or a schema-scoped PostgreSQL URL. */
  pglite?: PGlite;
  url?: string;
  dispose(): Promise<void>;
}

export async function openPgliteEngine(): Promise<TestEngine> {
  const db = new PGlite("memory://");
  await db.waitReady;
  return { name: "pglite", conn: pgliteConnection(db, { closeDb: false }), pglite: db, dispose: () => db.close() };
}

export async function openPostgresEngine(): Promise<TestEngine | null> {
  if (!(await postgresAvailable())) return null;
  const s = await createTestSchema();
  const client = new pg.Client({ connectionString: parsePostgresUrl(s.url).connectionString });
  await client.connect();
  return {
    name: "postgres",
    conn: pgConnection(client),
    url: s.url,
    dispose: async () => {
      await client.end();
      await s.drop();
    },
  };
}
