import type { Db } from "@/lib/db/create-prisma";

/** Header values are attacker-controlled: keep them short before they reach the database. */
const clip = (v: string | null | undefined, n: number) => (v ? v.slice(0, n) : null);

/** Refusals of one reason in one minute that still get their own row; the rest are only counted. */
export const DETAILED_REFUSALS_PER_MINUTE = 3;

/**
 * Counts a refused notification under (reason, minute) and, for the first few of that minute,
 * also keeps it as an event. Nothing in it is trusted: no notification id (a forged one must not
 * block the real delivery under the unique key), no resource, only what helps an admin see what
 * was tried. A flood of forgeries thus adds one tally row a minute, not one row each.
 */
export async function recordRejectedNotification(
  db: Db,
  headers: Headers,
  reason: string,
  message: string,
  now = new Date(),
): Promise<void> {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const [tally] = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO rejected_notification_tallies (reason, minute, count, last_at)
    VALUES (${reason}, ${minute}, 1, ${now})
    ON CONFLICT (reason, minute)
      DO UPDATE SET count = rejected_notification_tallies.count + 1,
                    last_at = GREATEST(rejected_notification_tallies.last_at, EXCLUDED.last_at)
    RETURNING count`;
  if ((tally?.count ?? 0) > DETAILED_REFUSALS_PER_MINUTE) return;
  await db.notificationEvent.create({
    data: {
      verification: "REJECTED",
      failureReason: clip(`${reason}: ${message}`, 300),
      serial: clip(headers.get("wechatpay-serial"), 80),
      requestId: clip(headers.get("request-id"), 80),
      outcome: "REJECTED",
      receivedAt: now,
      processedAt: now,
    },
  });
}
