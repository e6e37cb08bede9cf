/**
 * Prisma's `startsWith` / `contains` / `endsWith` become SQL LIKE patterns without escaping the
 * value: a search for "%" would match every row (and "_" any character). PostgreSQL's default
 * LIKE escape character is the backslash, so escaping it and both wildcards makes the value literal.
 */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, "\\$&");
}
