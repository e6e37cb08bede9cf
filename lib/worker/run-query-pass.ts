import type { Db } from "@/lib/db/create-prisma";
import { syncPayment } from "@/lib/payments/sync-payment";
import type { WechatContext } from "@/lib/payments/wechat-context";
import { claimDuePayments } from "./claim-rows";
import type { WorkerSettings } from "./worker-settings";

/** Queries in flight at once per instance (the claim, not this, bounds the rate). */
const CONCURRENCY = 16;

/**
 * One pass of the active-query fallback: claims every PENDING payment whose schedule says it is
 * due, as many as WECHAT_QUERY_RATE leaves for this second across all instances, and queries
 * them a few at a time. Returns how many were queried and the errors of the others.
 */
export async function runQueryPass(
  db: Db,
  wechat: WechatContext,
  s: Pick<WorkerSettings, "querySchedule" | "queryRate">,
  now = new Date(),
): Promise<{ claimed: number; queried: number; errors: string[] }> {
  const due = await claimDuePayments(db, {
    now,
    schedule: s.querySchedule,
    rate: s.queryRate,
    livemode: wechat.livemode,
  });
  const errors: string[] = [];
  let queried = 0;
  let next = 0;
  const lane = async () => {
    while (next < due.length) {
      const no = due[next++]!;
      try {
        await syncPayment(db, wechat, no);
        queried += 1;
      } catch (err) {
        errors.push(`query ${no}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, lane));
  return { claimed: due.length, queried, errors };
}
