import { outTradeNoInput } from "@/lib/checkout/order-input";
import { closePaymentAttempt } from "@/lib/checkout/payment-status";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { limitPaymentCalls } from "@/lib/checkout/shopper-rate-limits";
import { getWechat } from "@/lib/payments/server";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

export const POST = handle(async (req: Request) => {
  assertSameOrigin(req);
  await limitPaymentCalls(clientIp(req.headers));
  const { outTradeNo } = outTradeNoInput.parse(await readJson(req));
  return Response.json(await closePaymentAttempt(await getDb(), getWechat(), outTradeNo));
});
