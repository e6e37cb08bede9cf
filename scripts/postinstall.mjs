// After `npm ci`: generate the Prisma client, and install tools/prisma-diff (Prisma 6.19's CLI
// with its WASM schema engine, used offline to write migration SQL and to prove our migration
// runner matches Prisma's; see tools/prisma-diff/README.md).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (existsSync("prisma/schema.prisma")) {
  // The generated client uses driver adapters and needs no engine. The CLI still probes for a
  // schema engine at start: /bin/false satisfies `generate` and makes migrate commands fail
  // loudly instead of downloading (set PRISMA_USE_NATIVE_ENGINES=1 where downloads work).
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  if (!process.env.PRISMA_USE_NATIVE_ENGINES) env.PRISMA_SCHEMA_ENGINE_BINARY = "/bin/false";
  run(process.execPath, ["node_modules/prisma/build/index.js", "generate"], env);
}

if (existsSync("tools/prisma-diff/package-lock.json") && !process.env.SKIP_PRISMA_DIFF_INSTALL) {
  const npm = process.env.npm_execpath;
  const args = ["ci", "--prefix", "tools/prisma-diff", "--no-audit", "--no-fund", "--loglevel=error"];
  if (npm && npm.endsWith(".js")) run(process.execPath, [npm, ...args]);
  else run("npm", args);
}
