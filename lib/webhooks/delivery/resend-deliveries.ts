import type { Db } from "@/lib/db/create-prisma";
import { eventsWritten } from "@/lib/events/events-written";

// The admin's "resend" (one failed delivery, or all of an endpoint's): back to PENDING and due
// now, then the in-process nudge so the loop sends at once. attempt_count is kept: the schedule
// counts from it and the event's age, so a resend after the 3-day window is one more attempt,
// not a new three days of retries. Only FAILED rows move: a PENDING one is already on its way,
// a DELIVERED one was answered 2xx.

export type ResendTarget = { deliveryId: string } | { endpointId: string };

/** Returns how many deliveries were put back in line. */
export async function resendFailedDeliveries(db: Db, target: ResendTarget, now = new Date()): Promise<number> {
  const where = "deliveryId" in target ? { id: target.deliveryId } : { endpointId: target.endpointId };
  const { count } = await db.webhookDelivery.updateMany({
    where: { ...where, status: "FAILED" },
    data: { status: "PENDING", nextAttemptAt: now },
  });
  if (count > 0) eventsWritten();
  return count;
}
