import type { Db } from "@/lib/db/create-prisma";
import type { WechatContext } from "@/lib/payments/wechat-context";
import type { RefundAnswer, RefundRequest } from "./refund-request";
import { reserveRefund } from "./reserve-refund";
import { submitRefund } from "./submit-refund";

/**
 * An admin's refund: reserve and store it (one transaction, idempotent on the key), then call
 * WeChat Pay outside the transaction. A retried request with the same key never refunds twice.
 */
export async function requestRefund(
  db: Db,
  wechat: WechatContext,
  req: Omit<RefundRequest, "livemode">,
): Promise<RefundAnswer> {
  const { refund } = await reserveRefund(db, { ...req, livemode: wechat.livemode });
  if (refund.status !== "CREATED") return { outRefundNo: refund.outRefundNo, status: refund.status };
  return submitRefund(db, wechat, refund.id);
}
