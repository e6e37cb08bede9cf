import { outTradeNoInput } from "@/lib/checkout/order-input";
import { queryPaymentNow } from "@/lib/checkout/payment-status";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { wechatForPayment } from "@/lib/payments/wechat-for";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handle(async (_req: Request, ctx: { params: Promise<{ outTradeNo: string }> }) => {
  const { outTradeNo } = outTradeNoInput.parse(await ctx.params);
  const db = await getDb();
  return Response.json(await queryPaymentNow(db, await wechatForPayment(db, outTradeNo), outTradeNo));
});
