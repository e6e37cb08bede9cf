// Writes the next migration: SQL diff from the schema saved with the last migration to
// prisma/schema.prisma, in Prisma's folder layout. Offline, through tools/prisma-diff.
// Usage: npm run db:new-migration -- <name>
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
const tool = "tools/prisma-diff/diff.mjs";
if (!existsSync("tools/prisma-diff/node_modules/.bin/prisma")) {
  console.error("Run `npm ci --prefix tools/prisma-diff` first (Prisma 6.19's CLI, see tools/prisma-diff/README.md).");
  process.exit(1);
}
const snapshot = "prisma/migrations/schema.snapshot.prisma";
const from = existsSync(snapshot) ? snapshot : "--empty";
const sql = execFileSync(process.execPath, [tool, from, "prisma/schema.prisma"], { encoding: "utf8" });
if (!sql.trim() || /^-- This is an empty migration\.?\s*$/m.test(sql.trim())) {
  console.log("schema.prisma matches the last migration: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join("prisma/migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
copyFileSync("prisma/schema.prisma", snapshot);
console.log(`wrote ${dir}/migration.sql — add CHECK constraints or data changes by hand before committing.`);
