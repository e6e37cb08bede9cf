// Runs `prisma generate` without letting Prisma download native engines.
// Prisma 7's client uses driver adapters (pg / PGlite), so the generated client needs no engine;
// the CLI still probes for a schema engine at start, which /bin/false satisfies for `generate`
// while making every migrate command fail loudly (migrations go through scripts/migrate.ts).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync("prisma/schema.prisma")) process.exit(0);
const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
if (!process.env.PRISMA_USE_NATIVE_ENGINES) env.PRISMA_SCHEMA_ENGINE_BINARY = "/bin/false";
const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], { stdio: "inherit", env });
process.exit(r.status ?? 1);
