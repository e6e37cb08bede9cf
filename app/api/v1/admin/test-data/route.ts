import { deleteTestData } from "@/lib/admin/delete-test-data";
import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";

export const runtime = "nodejs";

/**
 * "Delete all test data" (ADMIN; same-origin): every test order with its payments, refunds,
 * timeline and notifications, test events with their deliveries, test reconciliation reports.
 * API keys and webhook endpoints stay. → 200 `{deleted: {orders, payments, …}}`, also audited.
 */
export const DELETE = handle(async (request: Request) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const deleted = await deleteTestData(await getDb(), actor, clientIp(request.headers));
  return Response.json({ deleted }, { headers: { "Cache-Control": "no-store" } });
});
