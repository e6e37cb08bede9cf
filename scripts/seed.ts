// npm run db:seed — the demo catalog and the first admin (idempotent).
import { getConfig } from "@/lib/config";
import { withDb } from "@/lib/db/with-db";
import { seed } from "@/lib/seed/seed";
import { loadEnvFiles } from "./lib/load-env-files";

async function main() {
  loadEnvFiles();
  const config = getConfig();
  await withDb(config.database, async (db) => {
    const r = await seed(db, config);
    console.log(`catalog: ${r.products} products`);
    if (config.wechat.mode === "demo" && r.createdAdmin?.password) {
      console.log(`\n  Demo admin created (shown once): ${r.createdAdmin.email} / ${r.createdAdmin.password}\n`);
    } else if (r.createdAdmin) {
      console.log(`admin created: ${r.createdAdmin.email}`);
    }
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
