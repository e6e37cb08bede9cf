import type { Db } from "@/lib/db/create-prisma";
import { NotFoundError } from "@/lib/errors/app-error";
import { EVENT_ID_PATTERN } from "@/lib/events/event-id";
import { renderEvents, type EventObject } from "@/lib/event-objects/event-object";

/** The admin event page: the event as webhooks carry it, and every delivery with its attempts. */
export async function getEventDetail(db: Db, id: string, appUrl: string) {
  if (!EVENT_ID_PATTERN.test(id)) throw new NotFoundError("No such event");
  const row = await db.event.findUnique({
    where: { id },
    select: {
      id: true,
      type: true,
      livemode: true,
      orderId: true,
      refundId: true,
      detail: true,
      createdAt: true,
      fannedOutAt: true,
    },
  });
  if (!row) throw new NotFoundError("No such event");
  const [rendered] = await renderEvents(db, [row], appUrl);
  const deliveries = await db.webhookDelivery.findMany({
    where: { eventId: id },
    orderBy: { createdAt: "asc" },
    include: {
      endpoint: { select: { id: true, url: true, enabled: true } },
      attempts: {
        orderBy: { attemptedAt: "asc" },
        select: { id: true, attemptedAt: true, statusCode: true, latencyMs: true, responseBody: true, error: true },
      },
    },
  });
  return {
    event: row,
    /** Null when its object is gone (test data deleted): the page still shows the row. */
    rendered: (rendered ?? null) as EventObject | null,
    deliveries,
  };
}
