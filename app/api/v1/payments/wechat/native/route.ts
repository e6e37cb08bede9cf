import { orderNoInput } from "@/lib/checkout/order-input";
import { placePrepay } from "@/lib/checkout/place-prepay";
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
  const { orderNo } = orderNoInput.parse(await readJson(req));
  const p = await placePrepay(await getDb(), getWechat(), { orderNo, channel: "NATIVE" });
  return Response.json({
    outTradeNo: p.outTradeNo,
    codeUrl: p.codeUrl,
    expiresAt: p.expiresAt.toISOString(),
    amountFen: p.amountFen,
  });
});
