import { getDb } from "@/lib/db/client";
import { withApiKey } from "@/lib/api-keys/with-api-key";
import { getMerchantOrder } from "@/lib/orders/get-merchant-order";

export const runtime = "nodejs";

/** Merchant API (scope orders:read): the order object, with its payments and refunds. */
export const GET = withApiKey("orders:read", async (_request, actor, ctx: { params: Promise<{ orderNo: string }> }) => {
  const { orderNo } = await ctx.params;
  const order = await getMerchantOrder(await getDb(), orderNo, actor.livemode);
  return Response.json(order, { headers: { "Cache-Control": "no-store" } });
});
