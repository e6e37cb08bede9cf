import { orderNoInput } from "@/lib/checkout/order-input";
import { placePrepay } from "@/lib/checkout/place-prepay";
import { getDb } from "@/lib/db/client";
import { UnauthorizedError } from "@/lib/errors/app-error";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { limitPaymentCalls } from "@/lib/checkout/shopper-rate-limits";
import { readOpenid } from "@/app/_server/openid-session";
import { wechatForOrder } from "@/lib/payments/wechat-for";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

// The payer is whoever signed in through snsapi_base (signed cookie), never the request body.
export const POST = handle(async (req: Request) => {
  assertSameOrigin(req);
  await limitPaymentCalls(clientIp(req.headers));
  const { orderNo } = orderNoInput.parse(await readJson(req));
  const openid = await readOpenid();
  if (!openid)
    throw new UnauthorizedError("Open this page in WeChat and sign in first", {
      oauth: `/api/v1/oauth/wechat/start?returnTo=/orders/${orderNo}`,
    });
  const db = await getDb();
  const wechat = await wechatForOrder(db, orderNo);
  const p = await placePrepay(db, wechat, { orderNo, channel: "JSAPI", openid });
  return Response.json({
    outTradeNo: p.outTradeNo,
    expiresAt: p.expiresAt.toISOString(),
    amountFen: p.amountFen,
    payParams: wechat.client.buildJsapiPayParams(p.prepayId!),
  });
});
