import { z } from "zod";
import type { Db } from "@/lib/db/create-prisma";
import { NotFoundError } from "@/lib/errors/app-error";
import type { WechatContext } from "@/lib/payments/wechat-context";
import { getRefundStatus } from "./get-refund-status";
import { refundRowInclude, refundRowToObject, type RefundObject } from "./refund-object";
import { assertSameMode } from "@/lib/payments/livemode";

/**
 * GET /api/v1/refunds/:id. A PROCESSING refund quiet for a few seconds is asked about at WeChat
 * Pay first (getRefundStatus), so a merchant polling it sees the end even if a notification is lost.
 */
export async function getMerchantRefund(db: Db, wechat: WechatContext, id: string): Promise<RefundObject> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("No such refund");
  let row = await db.refund.findUnique({ where: { id }, include: refundRowInclude });
  if (!row) throw new NotFoundError("No such refund");
  assertSameMode(row.livemode, wechat.livemode);
  if (row.status === "PROCESSING") {
    await getRefundStatus(db, wechat, row.outRefundNo);
    row = await db.refund.findUniqueOrThrow({ where: { id }, include: refundRowInclude });
  }
  return refundRowToObject(row);
}
