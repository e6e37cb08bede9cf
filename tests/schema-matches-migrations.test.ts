// schema.prisma and prisma/migrations must describe the same database. The migrations are
// applied to one fresh schema; Prisma's own SQL for schema.prisma (from nothing, through
// tools/prisma-diff) to another; their catalogs must be identical. CHECK constraints are
// hand-written in migrations (Prisma cannot express them) and are checked separately; so are
// the partial indexes below, which must exist after the migrations and are then set aside.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { parsePostgresUrl } from "@/lib/db/postgres-url";
import { pgConnection } from "@/lib/db/sql-connection";
import { createTestSchema, postgresAvailable } from "./helpers/postgres";

const CATALOG_QUERIES = {
  columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, datetime_precision
            FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'
            ORDER BY table_name, column_name`,
  indexes: `SELECT tablename, indexname, regexp_replace(indexdef, ' ON [^ ]+\\.', ' ON ') AS def
            FROM pg_indexes WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY indexname`,
  foreignKeys: `SELECT conname, conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS def FROM pg_constraint
                WHERE connamespace = current_schema()::regnamespace AND contype = 'f' ORDER BY conname`,
  enums: `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS labels FROM pg_type t
          JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typnamespace = current_schema()::regnamespace GROUP BY t.typname ORDER BY t.typname`,
};

async function catalog(url: string) {
  const client = new pg.Client({ connectionString: parsePostgresUrl(url).connectionString });
  await client.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const [k, sql] of Object.entries(CATALOG_QUERIES)) out[k] = (await client.query(sql)).rows;
    return out;
  } finally {
    await client.end();
  }
}

async function run(url: string, fn: (c: pg.Client) => Promise<void>) {
  const client = new pg.Client({ connectionString: parsePostgresUrl(url).connectionString });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/** Partial indexes Prisma's schema language cannot express, written by hand in a migration. */
const HAND_WRITTEN_INDEXES = ["events_unfanned_idx"];

const hasDiffTool = existsSync("tools/prisma-diff/node_modules/.bin/prisma");

describe("schema.prisma and the migrations", () => {
  let a: Awaited<ReturnType<typeof createTestSchema>> | undefined;
  let b: Awaited<ReturnType<typeof createTestSchema>> | undefined;

  beforeAll(async () => {
    if (!(await postgresAvailable())) return;
    a = await createTestSchema("mig");
    b = await createTestSchema("dif");
  });
  afterAll(async () => {
    await a?.drop();
    await b?.drop();
  });

  it("the last migration's snapshot is the current schema (run npm run db:new-migration otherwise)", () => {
    expect(readFileSync("prisma/migrations/schema.snapshot.prisma", "utf8")).toBe(
      readFileSync("prisma/schema.prisma", "utf8"),
    );
  });

  it("produce the same tables, columns, indexes, foreign keys and enums", async (ctx) => {
    if (!a || !b) return ctx.skip();
    if (!hasDiffTool) {
      if (process.env.CI === "true")
        throw new Error("tools/prisma-diff is not installed (npm ci runs it in postinstall)");
      return ctx.skip();
    }
    await run(a.url, async (c) => {
      await migrate(pgConnection(c), readMigrations());
    });
    const sql = execFileSync(process.execPath, ["tools/prisma-diff/diff.mjs", "--empty", "prisma/schema.prisma"], {
      encoding: "utf8",
    });
    expect(sql).toContain("CREATE TABLE");
    await run(b.url, (c) => c.query(sql).then(() => undefined));

    const [fromMigrations, fromSchema] = await Promise.all([catalog(a.url), catalog(b.url)]);
    expect(fromMigrations.columns!.length).toBeGreaterThan(50);
    const handWritten = (i: unknown) => HAND_WRITTEN_INDEXES.includes((i as { indexname: string }).indexname);
    expect(fromMigrations.indexes!.filter(handWritten)).toHaveLength(HAND_WRITTEN_INDEXES.length);
    fromMigrations.indexes = fromMigrations.indexes!.filter((i) => !handWritten(i));
    expect(fromMigrations).toEqual(fromSchema);
  });
});
