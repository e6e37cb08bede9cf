#!/usr/bin/env node
// Usage: node tools/prisma-diff/diff.mjs FROM.prisma|--empty TO.prisma  → migration SQL on stdout.
// Copies both schemas into a temp folder with the generator removed and a dummy url added
// (Prisma 6 insists on one; the adapter is what connects), then runs `prisma migrate diff`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error("usage: diff.mjs FROM.prisma|--empty TO.prisma");
  process.exit(2);
}

function forDiff(file) {
  const src = readFileSync(file, "utf8")
    .replace(/generator\s+\w+\s*\{[^}]*\}/g, "")
    .replace(
      /datasource\s+db\s*\{[^}]*\}/,
      'datasource db {\n  provider = "postgresql"\n  url = "postgresql://unused"\n}',
    );
  return src;
}

const dir = mkdtempSync(path.join(tmpdir(), "prisma-diff-"));
try {
  const toFile = path.join(dir, "to.prisma");
  writeFileSync(toFile, forDiff(to));
  const args = ["migrate", "diff", "--script", "--to-schema-datamodel", toFile];
  if (from === "--empty") args.push("--from-empty");
  else {
    const fromFile = path.join(dir, "from.prisma");
    writeFileSync(fromFile, forDiff(from));
    args.push("--from-schema-datamodel", fromFile);
  }
  const r = spawnSync(path.join(here, "node_modules/.bin/prisma"), args, {
    cwd: here,
    encoding: "utf8",
    env: {
      ...process.env,
      DIFF_SCHEMA: toFile,
      CHECKPOINT_DISABLE: "1",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      // Prisma 6 looks for a query engine library before it notices engine "js" needs none.
      PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? path.join(here, "package.json"),
      PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
    },
  });
  if (r.status !== 0) {
    process.stderr.write(r.stderr || r.stdout);
    process.exit(r.status ?? 1);
  }
  process.stdout.write(r.stdout);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
