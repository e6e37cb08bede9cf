import type { Db } from "@/lib/db/create-prisma";
import { WechatPayApiError } from "@/lib/wechatpay";
import { applyTransaction } from "./apply-transaction";
import type { ApplyOutcome } from "./sources";
import type { WechatContext } from "./wechat-context";

/**
 * Active query: asks WeChat Pay where a payment stands and applies the answer through the same
 * exactly-once path as notifications, so a lost notification still ends in "paid".
 * ORDER_NOT_EXIST (never placed, or placed and not yet visible) changes nothing.
 */
export async function syncPayment(db: Db, wechat: WechatContext, outTradeNo: string): Promise<ApplyOutcome | null> {
  try {
    const t = await wechat.client.queryOrderByOutTradeNo(outTradeNo);
    return await applyTransaction(db, t, { kind: "query", requestId: t.requestId }, wechat.merchant);
  } catch (err) {
    if (err instanceof WechatPayApiError && err.code === "ORDER_NOT_EXIST") {
      await db.paymentAttempt.updateMany({ where: { outTradeNo }, data: { lastQueriedAt: new Date() } });
      return null;
    }
    throw err;
  }
}
