import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Db } from "@/lib/db/create-prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { eventsWritten } from "@/lib/events/events-written";
import { auditWebhook } from "./endpoint-audit";
import type { EndpointPatch } from "./endpoint-input";
import { ENDPOINT_SELECT, toEndpointSummary, type EndpointSummary } from "./endpoint-summary";
import { checkEndpointUrl, type EndpointUrlPolicy, type LookupAll } from "./check-endpoint-url";
import { assertEndpointId, lockEndpoint } from "./find-endpoint";

/**
 * Changes url, events, description or enabled. Disabling records DISABLED_BY_ADMIN; enabling
 * clears the reason and failingSince, so the 5-day failure clock starts afresh (the admin has
 * presumably fixed the receiver). Audited with the fields that changed, old and new. Enabling
 * nudges this process's delivery loop: the deliveries that waited go out now, not at its next poll.
 */
export async function updateEndpoint(
  db: Db,
  id: string,
  patch: EndpointPatch,
  policy: EndpointUrlPolicy,
  actor: AdminIdentity,
  opts: { ip?: string; lookup?: LookupAll; now?: Date } = {},
): Promise<EndpointSummary> {
  assertEndpointId(id);
  const url = patch.url === undefined ? undefined : await checkEndpointUrl(patch.url, policy, opts.lookup);
  const now = opts.now ?? new Date();
  let switchedOn = false;
  const summary = await db.$transaction(async (tx) => {
    const before = await lockEndpoint(tx, id);
    const data: Prisma.WebhookEndpointUpdateInput = {};
    const changes: Record<string, { from: Prisma.InputJsonValue | null; to: Prisma.InputJsonValue | null }> = {};
    if (url !== undefined && url !== before.url) {
      data.url = url;
      changes.url = { from: before.url, to: url };
    }
    if (patch.events && !sameList(patch.events, before.events)) {
      data.events = patch.events;
      changes.events = { from: before.events, to: patch.events };
    }
    if (patch.description !== undefined && patch.description !== before.description) {
      data.description = patch.description;
      changes.description = { from: before.description, to: patch.description };
    }
    if (patch.enabled !== undefined && patch.enabled !== before.enabled) {
      Object.assign(
        data,
        patch.enabled
          ? { enabled: true, disabledReason: null, disabledAt: null, failingSince: null }
          : { enabled: false, disabledReason: "DISABLED_BY_ADMIN", disabledAt: now },
      );
      changes.enabled = { from: before.enabled, to: patch.enabled };
      switchedOn = patch.enabled;
      if (before.disabledReason) changes.disabledReason = { from: before.disabledReason, to: null };
    }
    if (Object.keys(changes).length === 0) {
      return toEndpointSummary(await tx.webhookEndpoint.findUniqueOrThrow({ where: { id }, select: ENDPOINT_SELECT }));
    }
    const row = await tx.webhookEndpoint.update({ where: { id }, data, select: ENDPOINT_SELECT });
    await auditWebhook(tx, actor, "WEBHOOK_ENDPOINT_UPDATED", { type: "webhook_endpoint", id }, changes, opts.ip);
    return toEndpointSummary(row, now);
  });
  if (switchedOn) eventsWritten();
  return summary;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
