/**
 * Splits Prisma's conventional `?schema=name` off a PostgreSQL URL. pg would send an unknown
 * parameter to the server, so it becomes a search_path for raw SQL and the adapter's `schema`.
 */
export function parsePostgresUrl(url: string): { connectionString: string; schema: string | undefined } {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? undefined;
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) {
    throw new Error("DATABASE_URL: the schema parameter must be a plain identifier");
  }
  u.searchParams.delete("schema");
  if (schema) u.searchParams.set("options", `-c search_path=${schema}`);
  return { connectionString: u.toString(), schema };
}
