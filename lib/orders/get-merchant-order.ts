import type { Db } from "@/lib/db/create-prisma";
import { NotFoundError } from "@/lib/errors/app-error";
import { assertSameMode } from "@/lib/payments/livemode";
import { ORDER_NO_PATTERN } from "@/lib/checkout/identifiers";
import { orderRowInclude, toOrderObject, type OrderObject } from "./order-object";

/** GET /api/v1/orders/:orderNo — any order, whether a Checkout Session or the shop's own. */
export async function getMerchantOrder(db: Db, orderNo: string, livemode: boolean): Promise<OrderObject> {
  if (!ORDER_NO_PATTERN.test(orderNo)) throw new NotFoundError(`No order ${orderNo.slice(0, 64)}`);
  const order = await db.order.findUnique({ where: { orderNo }, include: orderRowInclude });
  if (!order) throw new NotFoundError(`No order ${orderNo}`);
  assertSameMode(order.livemode, livemode);
  return toOrderObject(order);
}
