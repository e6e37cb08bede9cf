import { requireAdmin } from "@/app/_server/require-admin";
import { adminReadLivemode } from "@/app/_server/admin-view";
import { modeName } from "@/lib/admin/admin-mode";
import { iterateOrders } from "@/lib/admin/list-orders";
import { parseOrderFilter } from "@/lib/admin/order-filter";
import { CSV_HEADER, csvLine, orderCsvLine } from "@/lib/admin/orders-csv";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { currentRequestId } from "@/lib/observability/request-context";

export const runtime = "nodejs";

/**
 * The orders list's current filter as CSV (UTF-8 with BOM so Excel shows Chinese), streamed: one
 * mode's orders only (the page's link carries `?mode=`), named in the file name.
 */
export const GET = handle(async (request: Request) => {
  const actor = await requireAdmin();
  const filter = parseOrderFilter(new URL(request.url).searchParams);
  const livemode = await adminReadLivemode(request);
  const db = await getDb();
  await db.auditLog.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      requestId: currentRequestId(),
      action: "ORDERS_EXPORTED",
      targetType: "orders",
      detail: { ...filter, mode: modeName(livemode) },
    },
  });
  const rows = iterateOrders(db, livemode, filter);
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(enc.encode("\uFEFF" + csvLine(CSV_HEADER)));
    },
    async pull(c) {
      const next = await rows.next();
      if (next.done) c.close();
      else c.enqueue(enc.encode(orderCsvLine(next.value)));
    },
  });
  const name = `orders-${livemode ? "" : "test-"}${new Date().toISOString().slice(0, 10)}.csv`;
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
});
