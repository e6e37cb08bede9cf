import { getDb } from "@/lib/db/client";
import { withApiKey } from "@/lib/api-keys/with-api-key";
import { getWechat } from "@/lib/payments/mode-contexts";
import { getMerchantRefund } from "@/lib/refunds/get-merchant-refund";

export const runtime = "nodejs";

/** Merchant API (scope orders:read, like the order that lists it): the refund object. */
export const GET = withApiKey("orders:read", async (_request, actor, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const refund = await getMerchantRefund(await getDb(), getWechat(actor.livemode), id);
  return Response.json(refund, { headers: { "Cache-Control": "no-store" } });
});
