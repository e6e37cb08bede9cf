import { z } from "zod";
import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { adminReadLivemode } from "@/app/_server/admin-view";
import { listReports } from "@/lib/admin/list-reports";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { getWechat, modeForNew } from "@/lib/payments/mode-contexts";
import { runReconciliation } from "@/lib/reconciliation/run-reconciliation";
import { currentRequestId } from "@/lib/observability/request-context";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

const runInput = z.object({
  billDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "billDate must be YYYY-MM-DD")
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "billDate is not a date"),
  /** Whose bill: the live gateway's or the test mode simulator's (default: the primary mode). */
  mode: z.enum(["live", "test"]).optional(),
});

/** Reports of the console's mode (or `?mode=live|test`): the live gateway's bills or the simulator's. */
export const GET = handle(async (request: Request) => {
  await requireAdmin();
  const livemode = await adminReadLivemode(request);
  return Response.json({ livemode, reports: await listReports(await getDb(), livemode) });
});

/** "Run now" for one bill date: it writes a report, so admins only (viewers read). */
export const POST = handle(async (request: Request) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const { billDate, mode } = runInput.parse(await readJson(request));
  const db = await getDb();
  const livemode = modeForNew(mode);
  const report = await runReconciliation(db, getWechat(livemode), billDate, actor.email);
  await db.auditLog.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      requestId: currentRequestId(),
      action: "RECONCILIATION_RUN",
      targetType: "reconciliation_report",
      targetId: report.id,
      detail: { billDate, status: report.status, mode: livemode ? "live" : "test" },
      ip: clientIp(request.headers),
    },
  });
  return Response.json({ report });
});
