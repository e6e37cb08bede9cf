import type { Db } from "@/lib/db/create-prisma";

/** Header values are attacker-controlled: keep them short before they reach the database. */
const clip = (v: string | null | undefined, n: number) => (v ? v.slice(0, n) : null);

/**
 * Keeps a refused notification as an event. Nothing in it is trusted: no notification id (a
 * forged one must not block the real delivery under the unique key), no resource, only what
 * helps an admin see what was tried.
 */
export async function recordRejectedNotification(
  db: Db,
  headers: Headers,
  reason: string,
  message: string,
): Promise<void> {
  await db.notificationEvent.create({
    data: {
      verification: "REJECTED",
      failureReason: clip(`${reason}: ${message}`, 300),
      serial: clip(headers.get("wechatpay-serial"), 80),
      requestId: clip(headers.get("request-id"), 80),
      outcome: "REJECTED",
      processedAt: new Date(),
    },
  });
}
