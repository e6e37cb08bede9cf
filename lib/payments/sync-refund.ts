import type { Db } from "@/lib/db/create-prisma";
import { applyRefund } from "./apply-refund";
import type { ApplyOutcome } from "./sources";
import type { WechatContext } from "./wechat-context";

/** Active query for a refund that has not settled (PROCESSING, or CREATED after a timeout). */
export async function syncRefund(db: Db, wechat: WechatContext, outRefundNo: string): Promise<ApplyOutcome> {
  const r = await wechat.client.queryRefund(outRefundNo);
  return applyRefund(
    db,
    { ...r, out_refund_no: r.out_refund_no, refund_id: r.refund_id, status: r.status, amount: r.amount },
    { kind: "query", requestId: r.requestId },
    wechat.merchant,
  );
}
