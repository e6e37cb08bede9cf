import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Db } from "@/lib/db/create-prisma";
import { ConflictError } from "@/lib/errors/app-error";
import { eventsWritten } from "@/lib/events/events-written";
import { recordEvent } from "@/lib/events/record-event";
import { auditWebhook } from "./endpoint-audit";
import { lockEndpoint } from "./find-endpoint";

/**
 * "Send test": a `ping` event and its one delivery, to this endpoint only, in one transaction.
 * The event is born fanned out, so the fan-out never offers it to other endpoints; the
 * delivery is due now and the engine is nudged. Nothing is sent from the request itself.
 */
export async function sendTestEvent(
  db: Db,
  id: string,
  actor: AdminIdentity,
  opts: { ip?: string; now?: Date } = {},
): Promise<{ eventId: string; deliveryId: string }> {
  const now = opts.now ?? new Date();
  const result = await db.$transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, id);
    // The engine does not deliver to a disabled endpoint: a test would wait forever.
    if (!endpoint.enabled) throw new ConflictError("ENDPOINT_DISABLED", "Enable the endpoint before sending a test");
    const eventId = await recordEvent(tx, {
      type: "ping",
      orderId: null,
      livemode: endpoint.livemode,
      detail: { endpointId: id },
      fannedOutAt: now,
    });
    const delivery = await tx.webhookDelivery.create({
      data: { eventId, endpointId: id, status: "PENDING", nextAttemptAt: now },
      select: { id: true },
    });
    await auditWebhook(tx, actor, "WEBHOOK_TEST_SENT", { type: "webhook_endpoint", id }, { eventId }, opts.ip);
    return { eventId, deliveryId: delivery.id };
  });
  eventsWritten();
  return result;
}
