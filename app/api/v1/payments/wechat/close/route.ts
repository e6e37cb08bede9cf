import { outTradeNoInput } from "@/lib/checkout/order-input";
import { closePaymentAttempt } from "@/lib/checkout/payment-status";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { getWechat } from "@/lib/payments/server";

export const runtime = "nodejs";

export const POST = handle(async (req: Request) => {
  const { outTradeNo } = outTradeNoInput.parse(await req.json());
  return Response.json(await closePaymentAttempt(await getDb(), getWechat(), outTradeNo));
});
