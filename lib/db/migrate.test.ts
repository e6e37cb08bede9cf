import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteEngine, openPostgresEngine, type TestEngine } from "@/tests/helpers/engines";
import { migrate, readMigrations, MigrationError, PRISMA_MIGRATIONS_DDL } from "./migrate";

const migrations = readMigrations();

describe.each([
  ["pglite", openPgliteEngine],
  ["postgres", openPostgresEngine],
] as const)("migration runner on %s", (_name, open) => {
  let engine: TestEngine | null;
  beforeAll(async () => {
    engine = await open();
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it("applies every migration once and records it as prisma migrate deploy does", async (ctx) => {
    if (!engine) return ctx.skip();
    const first = await migrate(engine.conn, migrations);
    expect(first.applied).toEqual(migrations.map((m) => m.name));
    const rows = await engine.conn.query<{
      migration_name: string;
      checksum: string;
      applied_steps_count: number;
      logs: string | null;
      rolled_back_at: Date | null;
      finished_at: Date | null;
      id: string;
    }>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const row of rows) {
      const file = readFileSync(`prisma/migrations/${row.migration_name}/migration.sql`);
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    }

    const second = await migrate(engine.conn, migrations);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toHaveLength(migrations.length);
    expect(second.warnings).toEqual([]);
  });

  it("reports a migration edited after it was applied", async (ctx) => {
    if (!engine) return ctx.skip();
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    const r = await migrate(engine.conn, edited);
    expect(r.warnings).toEqual([`${migrations[0]!.name} was modified after it was applied`]);
  });

  it("rolls a failing migration back whole and records nothing", async (ctx) => {
    if (!engine) return ctx.skip();
    const bad = {
      name: "99999999999999_broken",
      checksum: "x".repeat(64),
      sql: 'CREATE TABLE "half_done" (id int);\nSELECT * FROM "no_such_table";',
    };
    await expect(migrate(engine.conn, [...migrations, bad])).rejects.toBeInstanceOf(MigrationError);
    const tables = await engine.conn.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
    expect(tables).toHaveLength(0);
    const rows = await engine.conn.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1`, [bad.name]);
    expect(rows).toHaveLength(0);
  });
});

describe("_prisma_migrations DDL", () => {
  it("is Prisma's own table definition", () => {
    // Column names, types and defaults as Prisma's schema engine creates them.
    for (const col of [
      '"id"                    VARCHAR(36) PRIMARY KEY NOT NULL',
      '"checksum"              VARCHAR(64) NOT NULL',
      '"finished_at"           TIMESTAMPTZ',
      '"migration_name"        VARCHAR(255) NOT NULL',
      '"logs"                  TEXT',
      '"rolled_back_at"        TIMESTAMPTZ',
      '"started_at"            TIMESTAMPTZ NOT NULL DEFAULT now()',
      '"applied_steps_count"   INTEGER NOT NULL DEFAULT 0',
    ]) {
      expect(PRISMA_MIGRATIONS_DDL).toContain(col);
    }
  });
});
