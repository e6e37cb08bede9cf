import { defineConfig } from "prisma/config";

// Prisma 7 reads the connection from here, not from schema.prisma. The app itself connects
// through driver adapters (lib/db); this is only used by the Prisma CLI where the native
// schema engine is available (`prisma migrate status`, `migrate deploy`).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/postgres" },
});
