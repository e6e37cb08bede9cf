import type { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/create-prisma";
import { escapeLike } from "@/lib/db/escape-like";
import { cstDayEnd, cstDayStart, PAGE_SIZE, type OrderFilter } from "./order-filter";

/** The filter's orders of one mode: live and test data never share a list or an export. */
function orderWhere(livemode: boolean, f: OrderFilter): Prisma.OrderWhereInput {
  const and: Prisma.OrderWhereInput[] = [{ livemode }];
  if (f.q) {
    // Exact identifiers (indexed, unique) or an order-number prefix.
    and.push({
      OR: [
        { orderNo: { startsWith: escapeLike(f.q) } },
        { payments: { some: { outTradeNo: f.q } } },
        { payments: { some: { transactionId: f.q } } },
      ],
    });
  }
  if (f.status) and.push({ status: f.status });
  if (f.from) and.push({ createdAt: { gte: cstDayStart(f.from) } });
  if (f.to) and.push({ createdAt: { lt: cstDayEnd(f.to) } });
  return { AND: and };
}

export const orderRowSelect = {
  id: true,
  orderNo: true,
  status: true,
  totalFen: true,
  description: true,
  createdAt: true,
  payments: {
    orderBy: { createdAt: "desc" },
    select: {
      outTradeNo: true,
      transactionId: true,
      channel: true,
      status: true,
      amountFen: true,
      refundedFen: true,
      paidAt: true,
    },
  },
} satisfies Prisma.OrderSelect;

export type OrderRow = Prisma.OrderGetPayload<{ select: typeof orderRowSelect }>;

export interface OrderPage {
  rows: OrderRow[];
  total: number;
  page: number;
  pageCount: number;
}

export async function listOrders(db: Db, livemode: boolean, f: OrderFilter): Promise<OrderPage> {
  const where = orderWhere(livemode, f);
  const [total, rows] = await Promise.all([
    db.order.count({ where }),
    db.order.findMany({
      where,
      select: orderRowSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (f.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
  ]);
  return { rows, total, page: f.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/** Every row of the filter, in batches (keyset on createdAt/id would be better past ~100k). */
export async function* iterateOrders(
  db: Db,
  livemode: boolean,
  f: OrderFilter,
  batch = 500,
  max = 50_000,
): AsyncGenerator<OrderRow> {
  const where = orderWhere(livemode, f);
  for (let skip = 0; skip < max; skip += batch) {
    const rows = await db.order.findMany({
      where,
      select: orderRowSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip,
      take: batch,
    });
    yield* rows;
    if (rows.length < batch) return;
  }
}
