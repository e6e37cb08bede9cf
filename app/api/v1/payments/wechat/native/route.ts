import { orderNoInput } from "@/lib/checkout/order-input";
import { placePrepay } from "@/lib/checkout/place-prepay";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { wechatForOrder } from "@/lib/payments/wechat-for";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { limitPaymentCalls } from "@/lib/checkout/shopper-rate-limits";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

export const POST = handle(async (req: Request) => {
  assertSameOrigin(req);
  await limitPaymentCalls(clientIp(req.headers));
  const { orderNo } = orderNoInput.parse(await readJson(req));
  const db = await getDb();
  const p = await placePrepay(db, await wechatForOrder(db, orderNo), { orderNo, channel: "NATIVE" });
  return Response.json({
    outTradeNo: p.outTradeNo,
    codeUrl: p.codeUrl,
    expiresAt: p.expiresAt.toISOString(),
    amountFen: p.amountFen,
  });
});
