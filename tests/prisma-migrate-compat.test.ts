// Rows written by our migration runner must be what Prisma's own engine reads as applied, so a
// machine with Prisma's schema engine can switch to `prisma migrate deploy` / `status` any time.
// Prisma 6.19's WASM engine (tools/prisma-diff) stands in for the native one here.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { pgConnection } from "@/lib/db/sql-connection";
import { adminQuery, postgresAvailable, TEST_DATABASE_URL } from "./helpers/postgres";

const dbName = `checkout_compat_${process.pid}`;
const url = (() => {
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

function prismaStatus(migrationsDir?: string) {
  const args = ["tools/prisma-diff/status.mjs", url, ...(migrationsDir ? [migrationsDir] : [])];
  const r = spawnSync(process.execPath, args, { encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe("Prisma's migrate status on a database migrated by our runner", () => {
  let ready = false;
  beforeAll(async () => {
    if (!(await postgresAvailable())) return;
    if (!existsSync("tools/prisma-diff/node_modules/.bin/prisma")) {
      if (process.env.CI === "true")
        throw new Error("tools/prisma-diff is not installed (npm ci runs it in postinstall)");
      return;
    }
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName}`);
    await adminQuery(`CREATE DATABASE ${dbName}`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await migrate(pgConnection(client), readMigrations());
    } finally {
      await client.end();
    }
    ready = true;
  });
  afterAll(async () => {
    if (ready) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  it("reports the schema up to date", (ctx) => {
    if (!ready) return ctx.skip();
    const r = prismaStatus();
    expect(r.out).toContain("Database schema is up to date!");
    expect(r.status).toBe(0);
  });

  it("still notices a migration that has not been applied (the check can fail)", (ctx) => {
    if (!ready) return ctx.skip();
    const dir = mkdtempSync(path.join(tmpdir(), "migs-"));
    cpSync("prisma/migrations", dir, { recursive: true });
    mkdirSync(path.join(dir, "29990101000000_later"));
    writeFileSync(path.join(dir, "29990101000000_later", "migration.sql"), "SELECT 1;\n");
    const r = prismaStatus(dir);
    expect(r.out).toContain("29990101000000_later");
    expect(r.status).not.toBe(0);
  });
});
