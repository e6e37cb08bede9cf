import { z } from "zod";
import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Db } from "@/lib/db/create-prisma";
import { ConflictError, NotFoundError } from "@/lib/errors/app-error";
import { eventsWritten } from "@/lib/events/events-written";
import type { WebhookDeliveryStatus } from "@/lib/generated/prisma/enums";
import { auditWebhook } from "./endpoint-audit";
import { lockEndpoint } from "./find-endpoint";

const DISABLED = () => new ConflictError("ENDPOINT_DISABLED", "Enable the endpoint before resending to it");

/**
 * "Resend now": the delivery becomes PENDING and due now, whatever it was. A FAILED one gets
 * another chance; a DELIVERED one is sent again (receivers dedupe on webhook-id). attemptCount
 * is kept: the attempts so far stay on record and the engine's schedule continues from them.
 */
export async function resendDelivery(
  db: Db,
  deliveryId: string,
  actor: AdminIdentity,
  opts: { ip?: string; now?: Date } = {},
): Promise<{ id: string; status: WebhookDeliveryStatus; nextAttemptAt: Date; previousStatus: WebhookDeliveryStatus }> {
  if (!z.uuid().safeParse(deliveryId).success) throw new NotFoundError("No such webhook delivery");
  const now = opts.now ?? new Date();
  const result = await db.$transaction(async (tx) => {
    const found = await tx.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { endpointId: true } });
    if (!found) throw new NotFoundError("No such webhook delivery");
    const endpoint = await lockEndpoint(tx, found.endpointId);
    if (!endpoint.enabled) throw DISABLED();
    const before = await tx.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
    const after = await tx.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: "PENDING", nextAttemptAt: now, deliveredAt: null },
      select: { id: true, status: true, nextAttemptAt: true },
    });
    await auditWebhook(
      tx,
      actor,
      "WEBHOOK_DELIVERY_RESENT",
      { type: "webhook_delivery", id: deliveryId },
      { eventId: before.eventId, endpointId: before.endpointId, previousStatus: before.status },
      opts.ip,
    );
    return { ...after, previousStatus: before.status };
  });
  eventsWritten();
  return result;
}

/** "Resend all failed" of one endpoint: every FAILED delivery becomes PENDING, due now. */
export async function resendFailedDeliveries(
  db: Db,
  endpointId: string,
  actor: AdminIdentity,
  opts: { ip?: string; now?: Date } = {},
): Promise<{ count: number }> {
  const now = opts.now ?? new Date();
  const result = await db.$transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, endpointId);
    if (!endpoint.enabled) throw DISABLED();
    const { count } = await tx.webhookDelivery.updateMany({
      where: { endpointId, status: "FAILED" },
      data: { status: "PENDING", nextAttemptAt: now },
    });
    if (count > 0) {
      await auditWebhook(
        tx,
        actor,
        "WEBHOOK_FAILED_RESENT",
        { type: "webhook_endpoint", id: endpointId },
        { count },
        opts.ip,
      );
    }
    return { count };
  });
  if (result.count > 0) eventsWritten();
  return result;
}
