import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { createNotifyHandler } from "@/lib/payments/notifications/create-notify-handler";
import { getNotifySql } from "@/lib/payments/notifications/notify-sql-pool";
import { getWechat, primaryLivemode } from "@/lib/payments/mode-contexts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * WeChat Pay payment and refund notifications (see lib/payments/notifications), verified with
 * the primary context's keys: live, or the simulator in demo mode. Test mode beside live has
 * its own route (./test), so a notification only ever touches data of the keys that signed it.
 */
export const POST = handle(
  createNotifyHandler({ getDb, getWechat: () => getWechat(primaryLivemode()), getSql: getNotifySql }),
);
