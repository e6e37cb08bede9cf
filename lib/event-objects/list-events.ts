import type { Db } from "@/lib/db/create-prisma";
import { BadRequestError } from "@/lib/errors/app-error";
import { renderEvents, type EventObject, type EventRow } from "./event-object";
import type { ListEventsQuery } from "./list-events-query";

export interface EventList {
  object: "list";
  data: EventObject[];
  hasMore: boolean;
}

type Row = {
  id: string;
  type: string;
  livemode: boolean;
  order_id: string | null;
  refund_id: string | null;
  detail: unknown;
  created_at: Date;
};

/**
 * GET /api/v1/events: oldest first, in commit order, from a cursor. Only rows written by
 * transactions older than the oldest one still running are listed (tx_id below the snapshot's
 * xmin), so a page never skips an event that commits late with a lower seq: paging by `after`
 * sees every event exactly once. An event being written right now appears a moment later.
 */
export async function listEvents(db: Db, q: ListEventsQuery, appUrl: string, livemode: boolean): Promise<EventList> {
  let from = { tx: "-1", seq: "-1" };
  if (q.after) {
    const cursor = await db.event.findUnique({ where: { id: q.after }, select: { txId: true, seq: true } });
    if (!cursor)
      throw new BadRequestError(`No event ${q.after} (events are kept for a limited time)`, {}, "INVALID_CURSOR");
    from = { tx: cursor.txId.toString(), seq: cursor.seq.toString() };
  }
  const rows = await db.$queryRaw<Row[]>`
    SELECT id, type, livemode, order_id::text AS order_id, refund_id::text AS refund_id, detail, created_at
    FROM events
    WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
      AND (tx_id, seq) > (${from.tx}::bigint, ${from.seq}::bigint)
      AND (${q.type ?? null}::text IS NULL OR type = ${q.type ?? null}::text)
      AND livemode = ${livemode}
    ORDER BY tx_id, seq
    LIMIT ${q.limit + 1}`;
  const page = rows.slice(0, q.limit).map((r): EventRow => ({
    id: r.id,
    type: r.type,
    livemode: r.livemode,
    orderId: r.order_id,
    refundId: r.refund_id,
    detail: r.detail,
    createdAt: new Date(r.created_at),
  }));
  return { object: "list", data: await renderEvents(db, page, appUrl), hasMore: rows.length > q.limit };
}
