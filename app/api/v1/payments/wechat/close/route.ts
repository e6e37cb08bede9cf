import { outTradeNoInput } from "@/lib/checkout/order-input";
import { closePaymentAttempt } from "@/lib/checkout/payment-status";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { wechatForPayment } from "@/lib/payments/wechat-for";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { limitPaymentCalls } from "@/lib/checkout/shopper-rate-limits";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

export const POST = handle(async (req: Request) => {
  assertSameOrigin(req);
  await limitPaymentCalls(clientIp(req.headers));
  const { outTradeNo } = outTradeNoInput.parse(await readJson(req));
  const db = await getDb();
  return Response.json(await closePaymentAttempt(db, await wechatForPayment(db, outTradeNo), outTradeNo));
});
