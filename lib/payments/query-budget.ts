import type { Db } from "@/lib/db/create-prisma";

/** The advisory lock that serialises query claims of all instances (for the shared rate). */
const QUERY_RATE_LOCK = 72707370;
/** The rate is counted over this sliding window: at most `rate` claims in any 1 s. */
const RATE_WINDOW_MS = 1_000;

/** A loaded machine (or PGlite's single connection) may make a transaction wait its turn. */
export const QUERY_CLAIM_TX = { maxWait: 10_000, timeout: 15_000 };

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * How many more upstream queries may start now: `rate` per second for all instances together,
 * counted from the stamps in the database (the worker's claims, early queries, closes all set
 * last_queried_at), under an advisory lock so two instances cannot spend the same budget.
 * Call it inside the transaction that then stamps the rows it claims.
 */
export async function queryBudget(tx: Tx, now: Date, rate: number): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${QUERY_RATE_LOCK})`;
  const [row] = await tx.$queryRaw<{ used: number }[]>`
    SELECT count(*)::int AS used FROM payment_attempts
    WHERE last_queried_at > ${new Date(now.getTime() - RATE_WINDOW_MS)} AND last_queried_at <= ${now}`;
  return Math.max(0, Math.floor((rate * RATE_WINDOW_MS) / 1000) - (row?.used ?? 0));
}
