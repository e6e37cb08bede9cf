import { z } from "zod";
import { MAX_QUANTITY } from "./price-order";

/** POST /api/v1/orders. Ids and quantities only: any amount in the body is ignored. */
export const createOrderInput = z.object({
  items: z
    .array(z.object({ productId: z.string().uuid(), quantity: z.number().int().min(1).max(MAX_QUANTITY) }))
    .min(1)
    .max(50),
});

export type CreateOrderInput = z.infer<typeof createOrderInput>;

export const orderNoInput = z.object({ orderNo: z.string().regex(/^\d{8}-[0-9A-Z]{4,16}$/, "not an order number") });
export const outTradeNoInput = z.object({
  outTradeNo: z.string().regex(/^[0-9A-Za-z_\-|*]{6,32}$/, "not an out_trade_no"),
});
