import type { Db } from "@/lib/db/create-prisma";
import type { SqlRunner } from "@/lib/db/hot-sql";
import { renderEvents, webhookBody } from "@/lib/event-objects/event-object";
import type { ClaimedDelivery } from "./claim-deliveries";
import { summariseEndpoints, updateEndpointHealth, type DisabledEndpoint } from "./endpoint-health";
import { mapLimit } from "./map-limit";
import type { PostResult, PostWebhook } from "./post-webhook";
import { recordAttempts, releaseDeliveries, type AttemptRecord } from "./record-attempts";
import { nextAttemptAt } from "./retry-schedule";
import { activeSecrets, signatureHeader } from "./sign-webhook";

/** An endpoint failing without a success for this long (scaled) is disabled. */
const FAILING_DISABLE_MS = 5 * 24 * 3600 * 1000;

interface DeliverContext {
  db: Db;
  sql: SqlRunner;
  appUrl: string;
  post: PostWebhook;
  /** WEBHOOK_RETRY_SCALE: the retry schedule, its 3-day window and the 5-day FAILING rule. */
  retryScale: number;
  /** POSTs in flight at once. */
  concurrency: number;
  /** The claim's lease and the POST timeout: an attempt is only started while it can end inside the lease. */
  leaseMs: number;
  timeoutMs: number;
  now?: () => Date;
}

export interface DeliverSummary {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
  /** Claimed but handed back unattempted (the lease ran short). */
  released: number;
  disabled: DisabledEndpoint[];
  /** The earliest retry scheduled by this batch (the loop may wake for it). */
  nextDueAt: Date | null;
}

const GONE = 410;
// Room for recording the attempt after the POST's timeout, before the lease ends.
const LEASE_MARGIN_MS = 5000;

/**
 * One attempt for each claimed delivery: render every event once (current state of its object),
 * sign, POST with bounded concurrency, then record all attempts and the endpoints' health in
 * two statements for the whole batch.
 */
export async function deliverClaimed(ctx: DeliverContext, claimed: ClaimedDelivery[]): Promise<DeliverSummary> {
  const clock = ctx.now ?? (() => new Date());
  const claimedAt = clock().getTime();
  const startBy = claimedAt + ctx.leaseMs - ctx.timeoutMs - LEASE_MARGIN_MS;

  const events = [...new Map(claimed.map((c) => [c.event.id, c.event])).values()];
  const rendered = await renderEvents(ctx.db, events, ctx.appUrl, new Date(claimedAt));
  const bodies = new Map(rendered.map((e) => [e.id, webhookBody(e)]));

  const released: ClaimedDelivery[] = [];
  const done = await mapLimit(claimed, ctx.concurrency, async (c) => {
    const body = bodies.get(c.event.id);
    if (body === undefined) {
      // Its order or refund is gone (test data deleted): nothing true can be sent, ever.
      return { c, at: clock(), r: { latencyMs: 0, error: "the event's object no longer exists" }, final: true };
    }
    if (clock().getTime() > startBy) {
      released.push(c);
      return null;
    }
    const at = clock();
    const ts = Math.floor(at.getTime() / 1000);
    let r: PostResult;
    try {
      const headers = {
        "webhook-id": c.event.id,
        "webhook-timestamp": String(ts),
        "webhook-signature": signatureHeader(activeSecrets(c.secrets, at), c.event.id, ts, body),
      };
      r = await ctx.post(c.url, headers, body);
    } catch (err) {
      r = { latencyMs: 0, error: err instanceof Error ? err.message : String(err) };
    }
    return { c, at, r, final: false };
  });

  const records: AttemptRecord[] = [];
  const health: { endpointId: string; at: Date; success: boolean; gone: boolean }[] = [];
  const summary: DeliverSummary = {
    attempted: 0,
    delivered: 0,
    retrying: 0,
    failed: 0,
    released: released.length,
    disabled: [],
    nextDueAt: null,
  };
  const finishedAt = clock();
  for (const d of done) {
    if (!d) continue;
    const { c, at, r, final } = d;
    const success = r.statusCode !== undefined && r.statusCode >= 200 && r.statusCode < 300;
    const gone = r.statusCode === GONE;
    const next =
      success || gone || final
        ? null
        : nextAttemptAt({
            attemptsMade: c.attemptCount + 1,
            eventCreatedAt: c.event.createdAt,
            now: finishedAt,
            scale: ctx.retryScale,
          });
    const status = success ? "DELIVERED" : next ? "PENDING" : "FAILED";
    summary.attempted += 1;
    if (status === "DELIVERED") summary.delivered += 1;
    else if (status === "PENDING") summary.retrying += 1;
    else summary.failed += 1;
    if (next && (!summary.nextDueAt || next < summary.nextDueAt)) summary.nextDueAt = next;
    records.push({
      deliveryId: c.id,
      prevCount: c.attemptCount,
      attemptedAt: at,
      statusCode: r.statusCode ?? null,
      latencyMs: r.latencyMs,
      responseBody: r.body ?? null,
      error: r.error ?? (success || r.statusCode !== undefined ? null : "no answer"),
      status,
      nextAttemptAt: next,
    });
    // A missing object says nothing about the endpoint.
    if (!final) health.push({ endpointId: c.endpointId, at, success, gone });
  }

  await Promise.all([
    recordAttempts(ctx.sql, records),
    releaseDeliveries(
      ctx.sql,
      released.map((c) => ({ deliveryId: c.id, prevCount: c.attemptCount })),
      finishedAt,
    ),
  ]);
  summary.disabled = await updateEndpointHealth(ctx.sql, summariseEndpoints(health), {
    now: finishedAt,
    failingCutoff: new Date(finishedAt.getTime() - FAILING_DISABLE_MS * ctx.retryScale),
  });
  return summary;
}
