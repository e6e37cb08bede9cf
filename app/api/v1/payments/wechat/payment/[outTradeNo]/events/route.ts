import { outTradeNoInput } from "@/lib/checkout/order-input";
import { paymentStatusEvents } from "@/lib/checkout/payment-status-stream";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request, ctx: { params: Promise<{ outTradeNo: string }> }) => {
  const { outTradeNo } = outTradeNoInput.parse(await ctx.params);
  return paymentStatusEvents({ db: await getDb(), database: getConfig().database }, outTradeNo, req.signal);
});
