#!/usr/bin/env node
// Usage: node tools/prisma-diff/status.mjs DATABASE_URL [MIGRATIONS_DIR]
// Runs Prisma's own `migrate status` (Prisma 6.19, WASM engine) against a database, reading
// the repository's migrations: proof that rows our runner writes are what Prisma expects.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const [url, migrationsDir = path.join(here, "../../prisma/migrations")] = process.argv.slice(2);
if (!url) {
  console.error("usage: status.mjs DATABASE_URL [MIGRATIONS_DIR]");
  process.exit(2);
}
const dir = mkdtempSync(path.join(tmpdir(), "prisma-status-"));
try {
  const schema = readFileSync(path.join(here, "../../prisma/schema.prisma"), "utf8")
    .replace(/generator\s+\w+\s*\{[^}]*\}/g, "")
    .replace(
      /datasource\s+db\s*\{[^}]*\}/,
      'datasource db {\n  provider = "postgresql"\n  url = "postgresql://unused"\n}',
    );
  writeFileSync(path.join(dir, "schema.prisma"), schema);
  cpSync(migrationsDir, path.join(dir, "migrations"), { recursive: true });
  const r = spawnSync(path.join(here, "node_modules/.bin/prisma"), ["migrate", "status"], {
    cwd: here,
    encoding: "utf8",
    env: {
      ...process.env,
      DIFF_SCHEMA: path.join(dir, "schema.prisma"),
      DIFF_DATABASE_URL: url,
      CHECKPOINT_DISABLE: "1",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      PRISMA_QUERY_ENGINE_LIBRARY: path.join(here, "package.json"),
      PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
    },
  });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exit(r.status ?? 1);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
