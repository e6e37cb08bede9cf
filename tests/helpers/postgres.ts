import { randomBytes } from "node:crypto";
import pg from "pg";

/** The local PostgreSQL used by integration tests (README: 127.0.0.1:5432, database `test`). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

let available: boolean | undefined;

/**
 * Whether the local PostgreSQL answers. Under CI=true a missing server is a failure, not a skip:
 * the suite must prove the production engine, not quietly run half of itself.
 */
export async function postgresAvailable(): Promise<boolean> {
  if (available !== undefined) return available;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    available = true;
  } catch (err) {
    if (process.env.CI === "true")
      throw new Error(`PostgreSQL is required under CI (${TEST_DATABASE_URL})`, { cause: err });
    available = false;
  } finally {
    await client.end().catch(() => {});
  }
  return available;
}

/** A DATABASE_URL (Prisma-style `?schema=`) on a fresh schema, so suites never see each other. */
export async function createTestSchema(
  prefix = "t",
): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const schema = `${prefix}_${randomBytes(5).toString("hex")}`;
  await adminQuery(`CREATE SCHEMA "${schema}"`);
  const u = new URL(TEST_DATABASE_URL);
  u.searchParams.set("schema", schema);
  const url = u.toString();
  return { url, schema, drop: () => adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`) };
}

export async function adminQuery(sql: string, url = TEST_DATABASE_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
