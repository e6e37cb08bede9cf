import type { Db } from "@/lib/db/create-prisma";
import { newOrderNo } from "./identifiers";
import type { CreateOrderInput } from "./order-input";
import { describeOrder, priceOrder } from "./price-order";

interface CreatedOrder {
  orderNo: string;
  totalFen: number;
  description: string;
  status: string;
  items: { productId: string; name: string; unitPriceFen: number; quantity: number; lineTotalFen: number }[];
}

/**
 * Creates an order priced on the server from active catalog products. `livemode`: the
 * storefront's orders are live in a live deployment, test in demo mode (primaryLivemode).
 */
export async function createOrder(
  db: Db,
  input: CreateOrderInput,
  livemode: boolean,
  clientIp?: string,
): Promise<CreatedOrder> {
  const ids = [...new Set(input.items.map((i) => i.productId))];
  const products = await db.product.findMany({
    where: { id: { in: ids }, active: true },
    select: { id: true, name: true, priceFen: true },
  });
  const { lines, totalFen } = priceOrder(products, input.items);
  const description = describeOrder(lines);
  for (let attempt = 0; ; attempt += 1) {
    const orderNo = newOrderNo();
    try {
      const order = await db.order.create({
        data: {
          orderNo,
          livemode,
          totalFen,
          description,
          clientIp: clientIp ?? null,
          items: { create: lines },
          events: { create: { type: "ORDER_CREATED", toStatus: "PENDING", detail: { totalFen, lines: lines.length } } },
        },
        select: { orderNo: true, totalFen: true, description: true, status: true },
      });
      return { ...order, items: lines };
    } catch (err) {
      // A repeated order number (one in 10^11 per day) gets another draw. Duck-typed: the
      // Prisma client may come from another bundle layer than this module's Prisma classes.
      const dup = (err as { code?: unknown } | null)?.code === "P2002";
      if (!dup || attempt >= 3) throw err;
    }
  }
}
