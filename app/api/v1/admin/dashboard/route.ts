import { requireAdmin } from "@/lib/auth/require-admin";
import { attentionLists, dailyStats, refusedNotifications, sumStats } from "@/lib/admin/dashboard-stats";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";

export const runtime = "nodejs";

export const GET = handle(async () => {
  await requireAdmin();
  const db = await getDb();
  const days = await dailyStats(db, 7);
  const [lists, refused] = await Promise.all([attentionLists(db), refusedNotifications(db)]);
  return Response.json({ today: days.at(-1), week: sumStats(days), days, ...lists, refusedNotifications: refused });
});
