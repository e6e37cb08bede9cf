import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Db } from "@/lib/db/create-prisma";
import { auditWebhook } from "./endpoint-audit";
import { lockEndpoint } from "./find-endpoint";

/**
 * Deletes an endpoint; its deliveries and attempts go with it (ON DELETE CASCADE), the events
 * stay (GET /api/v1/events and other endpoints still have them). Audited with its url.
 */
export async function deleteEndpoint(db: Db, id: string, actor: AdminIdentity, ip?: string): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const before = await lockEndpoint(tx, id);
    const deliveries = await tx.webhookDelivery.count({ where: { endpointId: id } });
    await tx.webhookEndpoint.delete({ where: { id } });
    await auditWebhook(
      tx,
      actor,
      "WEBHOOK_ENDPOINT_DELETED",
      { type: "webhook_endpoint", id },
      { url: before.url, events: before.events, deliveries },
      ip,
    );
    return { id };
  });
}
