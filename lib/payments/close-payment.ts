import type { Db } from "@/lib/db/create-prisma";
import { WechatPayApiError } from "@/lib/wechatpay";
import { applyTransaction } from "./apply-transaction";
import type { ApplyOutcome } from "./sources";
import { syncPayment } from "./sync-payment";
import { assertSameMode } from "./livemode";
import type { WechatContext } from "./wechat-context";

/**
 * Closes a pending attempt at WeChat Pay, then locally. Closing first means a shopper cannot pay
 * an attempt we consider closed; if WeChat Pay says it was paid meanwhile (ORDER_PAID), the
 * query records the payment instead. A close is idempotent on both sides. A FAILED attempt
 * (PAYERROR) is closed at WeChat Pay too, so nothing can be paid on it later; it stays FAILED.
 */
export async function closePayment(db: Db, wechat: WechatContext, outTradeNo: string): Promise<ApplyOutcome | null> {
  const payment = await db.paymentAttempt.findUnique({
    where: { outTradeNo },
    select: { status: true, mchid: true, appid: true, amountFen: true, livemode: true },
  });
  if (!payment || (payment.status !== "PENDING" && payment.status !== "FAILED")) return null;
  assertSameMode(payment.livemode, wechat.livemode);
  const failed = payment.status === "FAILED";
  try {
    const { requestId } = await wechat.client.closeOrder(outTradeNo);
    if (failed) return null;
    return await applyTransaction(
      db,
      { appid: payment.appid, mchid: payment.mchid, out_trade_no: outTradeNo, trade_state: "CLOSED" },
      { kind: "response", requestId },
      wechat.merchant,
    );
  } catch (err) {
    // Paid before the close reached WeChat Pay, or never placed there: the query tells which.
    // WeChat Pay spells the paid case ORDERPAID (no underscore); ORDER_PAID kept for safety.
    if (
      err instanceof WechatPayApiError &&
      ["ORDERPAID", "ORDER_PAID", "TRADE_ERROR", "ORDER_NOT_EXIST"].includes(err.code)
    ) {
      const synced = await syncPayment(db, wechat, outTradeNo);
      if (synced || failed || err.code !== "ORDER_NOT_EXIST") return synced;
      // Never reached WeChat Pay: nothing can be paid there, close it here.
      return applyTransaction(
        db,
        { appid: payment.appid, mchid: payment.mchid, out_trade_no: outTradeNo, trade_state: "CLOSED" },
        { kind: "response" },
        wechat.merchant,
      );
    }
    throw err;
  }
}
