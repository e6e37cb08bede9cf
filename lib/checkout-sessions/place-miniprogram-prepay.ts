import "server-only";
import { placePrepay } from "@/lib/checkout/place-prepay";
import type { Db } from "@/lib/db/create-prisma";
import { ConflictError, NotFoundError } from "@/lib/errors/app-error";
import { miniProgramOf } from "@/lib/oauth/miniprogram-session";
import type { MiniProgramIdentity } from "@/lib/oauth/miniprogram-token";
import { wechatForOrder } from "@/lib/payments/wechat-for";
import type { MiniProgramPayParams } from "@/lib/wechatpay";
import type { MiniProgramPayInput } from "./miniprogram-pay-input";
import { deriveSessionStatus } from "./session-object";

/**
 * A JSAPI prepay for a mini-program's payer: the same placePrepay as the web JSAPI route (one
 * open attempt per order, reused while valid for the same openid and appid, the order's own
 * mode picking live or test), placed with the mini-program's appid, whose openid it is. The pay
 * parameters are signed over that appid: what wx.requestPayment in the mini-program checks.
 */
export async function placeMiniProgramPrepay(
  db: Db,
  payer: MiniProgramIdentity,
  input: MiniProgramPayInput,
): Promise<MiniProgramPayParams> {
  const orderNo = "orderNo" in input ? input.orderNo : await sessionOrderNo(db, input.checkoutSessionId);
  const wechat = await wechatForOrder(db, orderNo);
  const app = miniProgramOf(wechat);
  const placed = await placePrepay(db, wechat, { orderNo, channel: "JSAPI", openid: payer.openid, appid: app.appId });
  return wechat.client.buildJsapiPayParams(placed.prepayId!, app.appId).miniProgram;
}

async function sessionOrderNo(db: Db, id: string): Promise<string> {
  const s = await db.checkoutSession.findUnique({
    where: { id },
    select: { expiredAt: true, order: { select: { orderNo: true, status: true, expiresAt: true } } },
  });
  if (!s) throw new NotFoundError("No such checkout session");
  // A session expired through the API may still have a payable order row: it is over all the same.
  if (deriveSessionStatus(s.order.status, s.expiredAt, s.order.expiresAt) === "expired")
    throw new ConflictError("ORDER_EXPIRED", "This checkout has expired");
  return s.order.orderNo;
}
