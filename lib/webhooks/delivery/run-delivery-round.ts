import type { Db } from "@/lib/db/create-prisma";
import type { SqlRunner } from "@/lib/db/hot-sql";
import { claimDeliveries } from "./claim-deliveries";
import { deliverClaimed, type DeliverSummary } from "./deliver";
import type { DeliverySettings } from "./delivery-settings";
import { fanOutEvents } from "./fan-out";
import type { PostWebhook } from "./post-webhook";

interface RoundContext {
  db: Db;
  sql: SqlRunner;
  post: PostWebhook;
  settings: DeliverySettings;
  now?: () => Date;
}

export interface RoundResult extends DeliverSummary {
  fannedOut: number;
  claimed: number;
  /** A batch was full: run again at once rather than after the idle wait. */
  more: boolean;
}

/** One round: fan out new events, claim due deliveries, make one attempt each. */
export async function runDeliveryRound(ctx: RoundContext): Promise<RoundResult> {
  const now = ctx.now ?? (() => new Date());
  const s = ctx.settings;
  const fan = await fanOutEvents(ctx.sql, { limit: s.batch, now: now() });
  const claimed = await claimDeliveries(ctx.sql, { limit: s.batch, now: now(), leaseSeconds: s.leaseSeconds });
  const summary = claimed.length
    ? await deliverClaimed(
        {
          db: ctx.db,
          sql: ctx.sql,
          appUrl: s.appUrl,
          post: ctx.post,
          retryScale: s.retryScale,
          concurrency: s.concurrency,
          leaseMs: s.leaseSeconds * 1000,
          timeoutMs: s.timeoutMs,
          now,
        },
        claimed,
      )
    : { attempted: 0, delivered: 0, retrying: 0, failed: 0, released: 0, disabled: [], nextDueAt: null };
  return {
    ...summary,
    fannedOut: fan.events,
    claimed: claimed.length,
    more: fan.events >= s.batch || claimed.length >= s.batch || summary.released > 0,
  };
}
