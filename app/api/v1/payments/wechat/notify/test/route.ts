import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { createNotifyHandler } from "@/lib/payments/notifications/create-notify-handler";
import { getNotifySql } from "@/lib/payments/notifications/notify-sql-pool";
import { getWechat } from "@/lib/payments/mode-contexts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Test mode's notifications: the bundled simulator (on loopback) is told to notify here, and
 * only its keys verify them; they apply to test data only (docs/test-mode.md). With TEST_MODE
 * off the route does not exist (404).
 */
const notify = createNotifyHandler({ getDb, getWechat: () => getWechat(false), getSql: getNotifySql });

export const POST = handle(async (request: Request) =>
  getConfig().testMode
    ? notify(request)
    : Response.json({ code: "NOT_FOUND", message: "Test mode is off" }, { status: 404 }),
);
