/**
 * A unique index refused the row: Prisma's P2002, PostgreSQL's 23505 through the hot-path pg pool,
 * or the same inside Prisma's raw-query error (P2010) on PGlite. Duck-typed: the Prisma client may
 * come from another bundle layer than this module's Prisma classes.
 */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: Record<string, unknown>; message?: unknown } | null;
  if (e?.code === "P2002" || e?.code === "23505") return true;
  const text = `${JSON.stringify(e?.meta ?? {})} ${typeof e?.message === "string" ? e.message : ""}`;
  return e?.code === "P2010" && /23505|unique constraint|UniqueConstraintViolation/i.test(text);
}
