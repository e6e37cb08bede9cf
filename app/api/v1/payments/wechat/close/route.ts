import { outTradeNoInput } from "@/lib/checkout/order-input";
import { closePaymentAttempt } from "@/lib/checkout/payment-status";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { wechatForPayment } from "@/lib/payments/wechat-for";

export const runtime = "nodejs";

export const POST = handle(async (req: Request) => {
  const { outTradeNo } = outTradeNoInput.parse(await req.json());
  const db = await getDb();
  return Response.json(await closePaymentAttempt(db, await wechatForPayment(db, outTradeNo), outTradeNo));
});
