import type { Db } from "@/lib/db/create-prisma";
import type { WebhookDeliveryStatus } from "@/lib/generated/prisma/enums";
import { assertEndpointId } from "./find-endpoint";

interface DeliveryRow {
  id: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  /** The latest attempt's HTTP status (null: none yet, or no answer came). */
  lastStatusCode: number | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** An endpoint's most recent deliveries, newest first (the endpoint page shows 50). */
export async function listEndpointDeliveries(db: Db, endpointId: string, take = 50): Promise<DeliveryRow[]> {
  assertEndpointId(endpointId);
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    include: {
      event: { select: { type: true } },
      attempts: { orderBy: { attemptedAt: "desc" }, take: 1, select: { statusCode: true } },
    },
  });
  return rows.map((d) => ({
    id: d.id,
    eventId: d.eventId,
    eventType: d.event.type,
    status: d.status,
    attemptCount: d.attemptCount,
    lastStatusCode: d.attempts[0]?.statusCode ?? null,
    lastAttemptAt: d.lastAttemptAt,
    nextAttemptAt: d.nextAttemptAt,
    deliveredAt: d.deliveredAt,
    createdAt: d.createdAt,
  }));
}
