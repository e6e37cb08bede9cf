import { requireAdmin } from "@/app/_server/require-admin";
import { adminReadLivemode } from "@/app/_server/admin-view";
import { listOrders } from "@/lib/admin/list-orders";
import { parseOrderFilter } from "@/lib/admin/order-filter";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";

export const runtime = "nodejs";

/** Orders of the console's mode (or `?mode=live|test`), filtered and paged like the list page. */
export const GET = handle(async (request: Request) => {
  await requireAdmin();
  const filter = parseOrderFilter(new URL(request.url).searchParams);
  const livemode = await adminReadLivemode(request);
  return Response.json({ livemode, ...(await listOrders(await getDb(), livemode, filter)) });
});
