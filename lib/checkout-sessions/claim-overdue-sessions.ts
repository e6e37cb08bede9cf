import type { Db } from "@/lib/db/create-prisma";

/**
 * Sessions past their expiresAt whose order is still PENDING and not yet stamped expired: the
 * worker expires them (closing any attempt at WeChat Pay first). Several instances may pick the
 * same one; expiring is idempotent under the order's row lock, so that only costs a query.
 */
export async function claimOverdueSessions(
  db: Db,
  o: { now?: Date; limit: number; livemode: boolean },
): Promise<string[]> {
  const now = o.now ?? new Date();
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT cs.id FROM checkout_sessions cs JOIN orders o ON o.id = cs.order_id
    WHERE cs.expired_at IS NULL AND o.status = 'PENDING' AND o.expires_at <= ${now}
      AND o.livemode = ${o.livemode}
    ORDER BY o.expires_at
    LIMIT ${o.limit}`;
  return rows.map((r) => r.id);
}
