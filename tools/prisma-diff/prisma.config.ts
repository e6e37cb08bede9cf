// Prisma 6.19's CLI with its WASM ("js") schema engine: the one offline path to migration SQL.
// It opens a real database connection even for schema-to-schema diffs; the local PostgreSQL is
// fast. DIFF_DATABASE_URL points elsewhere when needed.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: process.env.DIFF_SCHEMA ?? "schema.prisma",
  async adapter() {
    return new PrismaPg({
      connectionString: process.env.DIFF_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    });
  },
});
