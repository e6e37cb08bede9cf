import { requireAdmin } from "@/lib/auth/require-admin";
import { listOrders } from "@/lib/admin/list-orders";
import { parseOrderFilter } from "@/lib/admin/order-filter";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";

export const runtime = "nodejs";

export const GET = handle(async (request: Request) => {
  await requireAdmin();
  const filter = parseOrderFilter(new URL(request.url).searchParams);
  return Response.json(await listOrders(await getDb(), filter));
});
