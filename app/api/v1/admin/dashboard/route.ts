import { requireAdmin } from "@/app/_server/require-admin";
import { adminReadLivemode } from "@/app/_server/admin-view";
import { attentionLists, dailyStats, refusedNotifications, sumStats } from "@/lib/admin/dashboard-stats";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { primaryLivemode } from "@/lib/payments/mode-contexts";

export const runtime = "nodejs";

/** The dashboard's numbers for the console's mode (or `?mode=live|test`): never both mixed. */
export const GET = handle(async (request: Request) => {
  await requireAdmin();
  const livemode = await adminReadLivemode(request);
  const db = await getDb();
  const days = await dailyStats(db, livemode, 7);
  return Response.json({
    livemode,
    today: days.at(-1),
    week: sumStats(days),
    days,
    ...(await attentionLists(db, livemode, primaryLivemode())),
    refusedNotifications: await refusedNotifications(db),
  });
});
