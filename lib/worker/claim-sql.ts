import { Prisma } from "@/lib/generated/prisma/client";

/**
 * The one shape of every worker claim: stamp last_queried_at on up to `limit` rows of `table`
 * that match `where`, in `orderBy` order, skipping rows another instance has locked, and return
 * `returning` of each. Locking (FOR UPDATE SKIP LOCKED) and stamping in one statement is what
 * keeps the work single across instances: a second instance neither waits on these rows nor
 * picks them again until the stamp is older than its lease.
 */
export function claimSql(c: {
  table: "payment_attempts" | "refunds";
  now: Date;
  where: Prisma.Sql;
  orderBy: Prisma.Sql;
  limit: number;
  returning: Prisma.Sql;
}): Prisma.Sql {
  const table = Prisma.raw(c.table);
  return Prisma.sql`UPDATE ${table} SET last_queried_at = ${c.now}
    WHERE id IN (
      SELECT id FROM ${table}
      WHERE ${c.where}
      ORDER BY ${c.orderBy}
      LIMIT ${c.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING ${c.returning}`;
}
