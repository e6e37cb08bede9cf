import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { createNotifyHandler } from "@/lib/payments/notifications/create-notify-handler";
import { getNotifySql } from "@/lib/payments/notifications/notify-sql-pool";
import { getWechat } from "@/lib/payments/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** WeChat Pay payment and refund notifications (see lib/payments/notifications). */
export const POST = handle(createNotifyHandler({ getDb, getWechat, getSql: getNotifySql }));
