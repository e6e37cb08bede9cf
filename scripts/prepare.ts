// The database half of `npm start`, run by scripts/start.ts as a child process that exits when
// done: migrations, then the seed (catalog, first admin). On PGlite this opens the whole
// database engine in-process (hundreds of MB); in a child, that memory goes back to the OS
// before the app starts, instead of staying with the supervisor for as long as the app runs.
import { ConfigError, getConfig } from "@/lib/config";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { openSqlConnection } from "@/lib/db/open-database";
import { seed } from "@/lib/seed/seed";
import { withDb } from "@/lib/db/with-db";

async function main() {
  const config = getConfig();
  const conn = await openSqlConnection(config.database);
  try {
    const r = await migrate(conn, readMigrations());
    for (const w of r.warnings) console.warn(`migrations: ${w}`);
    if (r.applied.length) console.log(`migrations applied: ${r.applied.join(", ")}`);
  } finally {
    await conn.close();
  }
  const seeded = await withDb(config.database, (db) => seed(db, config));
  // Only the demo admin's generated password is ever printed; a real first admin's comes from ADMIN_PASSWORD.
  if (config.wechat.mode === "demo" && seeded.createdAdmin?.password) {
    console.log(`\n  Admin sign-in (shown once): ${seeded.createdAdmin.email} / ${seeded.createdAdmin.password}\n`);
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
