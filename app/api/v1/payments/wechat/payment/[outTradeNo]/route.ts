import { outTradeNoInput } from "@/lib/checkout/order-input";
import { readPaymentStatus } from "@/lib/checkout/payment-status";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handle(async (_req: Request, ctx: { params: Promise<{ outTradeNo: string }> }) => {
  const { outTradeNo } = outTradeNoInput.parse(await ctx.params);
  const view = await readPaymentStatus(await getDb(), outTradeNo);
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
});
