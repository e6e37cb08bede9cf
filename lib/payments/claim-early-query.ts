import type { Db } from "@/lib/db/create-prisma";
import { QUERY_CLAIM_TX, queryBudget } from "./query-budget";

/**
 * A shopper's explicit "I have paid" (the JSAPI bridge's ok, the H5 return page): one early
 * query of this payment, unless it is not PENDING and placed, was queried less than
 * `minGapSeconds` ago (by anyone), or the shared rate is spent. True when the caller may query.
 */
export async function claimEarlyQuery(
  db: Db,
  outTradeNo: string,
  o: { now?: Date; rate: number; minGapSeconds: number },
): Promise<boolean> {
  const now = o.now ?? new Date();
  const since = new Date(now.getTime() - o.minGapSeconds * 1000);
  // Double clicks and many tabs end here, without a transaction: only an eligible payment
  // takes the shared lock.
  const eligible = await db.$queryRaw<unknown[]>`
    SELECT 1 FROM payment_attempts
    WHERE out_trade_no = ${outTradeNo} AND status = 'PENDING'
      AND (code_url IS NOT NULL OR prepay_id IS NOT NULL OR h5_url IS NOT NULL)
      AND (last_queried_at IS NULL OR last_queried_at < ${since})`;
  if (eligible.length === 0) return false;
  return db.$transaction(async (tx) => {
    if ((await queryBudget(tx, now, o.rate)) === 0) return false;
    const n = await tx.$executeRaw`
      UPDATE payment_attempts SET last_queried_at = ${now}
      WHERE out_trade_no = ${outTradeNo} AND status = 'PENDING'
        AND (code_url IS NOT NULL OR prepay_id IS NOT NULL OR h5_url IS NOT NULL)
        AND (last_queried_at IS NULL OR last_queried_at < ${since})`;
    return n === 1;
  }, QUERY_CLAIM_TX);
}
