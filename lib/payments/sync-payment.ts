import type { Db } from "@/lib/db/create-prisma";
import { WechatPayApiError } from "@/lib/wechatpay";
import { applyTransaction } from "./apply-transaction";
import { logQueryEvent } from "./log-query-event";
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
      // Still kept on the timeline, whatever it found (repeats are counted on one row).
      const p = await db.paymentAttempt.findUnique({ where: { outTradeNo }, select: { id: true, orderId: true } });
      if (p) {
        await db.$transaction(async (tx) => {
          await tx.paymentAttempt.update({ where: { id: p.id }, data: { lastQueriedAt: new Date() } });
          await logQueryEvent(tx, p, { source: "query", requestId: err.requestId, tradeState: "ORDER_NOT_EXIST" });
        });
      }
      return null;
    }
    throw err;
  }
}
