/** Prisma's P2002, duck-typed (the client may come from another bundle layer than this module). */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "P2002";
}
