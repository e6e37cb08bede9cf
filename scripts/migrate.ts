// npm run db:migrate — applies prisma/migrations to the configured database (PGlite or PostgreSQL).
import { getConfig } from "@/lib/config";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { openSqlConnection } from "@/lib/db/open-database";
import { loadEnvFiles } from "./lib/load-env-files";

async function main() {
  loadEnvFiles();
  const config = getConfig();
  const conn = await openSqlConnection(config.database);
  try {
    const r = await migrate(conn, readMigrations());
    for (const w of r.warnings) console.warn(`warning: ${w}`);
    console.log(
      r.applied.length
        ? `applied ${r.applied.join(", ")}`
        : `database is up to date (${r.alreadyApplied.length} migrations)`,
    );
  } finally {
    await conn.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
