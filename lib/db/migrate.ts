import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import type { SqlConnection } from "./sql-connection";

// Byte-for-byte what `prisma migrate deploy` creates and writes, so a machine that has Prisma's
// schema engine can switch to `prisma migrate deploy` / `migrate status` at any time.
export const PRISMA_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;
/** Prisma's advisory lock id: two deployers (ours or Prisma's) never run at once. */
const PRISMA_ADVISORY_LOCK_ID = 72707369;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
  warnings: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export function readMigrations(dir = "prisma/migrations"): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies pending migrations in order, each in its own transaction together with its
 * `_prisma_migrations` row, under Prisma's advisory lock. A failed migration rolls back whole
 * and stops the run; nothing half-applied is left behind.
 */
export async function migrate(conn: SqlConnection, migrations: Migration[]): Promise<MigrateResult> {
  const result: MigrateResult = { applied: [], alreadyApplied: [], warnings: [] };
  await conn.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_ID]);
  try {
    await conn.exec(PRISMA_MIGRATIONS_DDL);
    const rows = await conn.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
    );
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(
        `migration ${failed.migration_name} is recorded as failed; fix the database, then mark it rolled back (prisma migrate resolve --rolled-back ${failed.migration_name})`,
      );
    }
    const done = new Map(rows.filter((r) => r.finished_at !== null).map((r) => [r.migration_name, r.checksum]));
    const local = new Set(migrations.map((m) => m.name));
    for (const name of done.keys()) {
      if (!local.has(name))
        result.warnings.push(`${name} is applied in the database but missing from prisma/migrations`);
    }
    for (const m of migrations) {
      const checksum = done.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) result.warnings.push(`${m.name} was modified after it was applied`);
        result.alreadyApplied.push(m.name);
        continue;
      }
      await applyOne(conn, m);
      result.applied.push(m.name);
    }
    return result;
  } finally {
    await conn.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_ID]);
  }
}

async function applyOne(conn: SqlConnection, m: Migration): Promise<void> {
  const id = randomUUID();
  await conn.exec("BEGIN");
  try {
    await conn.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, $3, NULL, NULL, now(), 0)',
      [id, m.checksum, m.name],
    );
    await conn.exec(m.sql);
    await conn.query(
      'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = applied_steps_count + 1 WHERE id = $1',
      [id],
    );
    await conn.exec("COMMIT");
  } catch (err) {
    await conn.exec("ROLLBACK");
    throw new MigrationError(`migration ${m.name} failed and was rolled back: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
