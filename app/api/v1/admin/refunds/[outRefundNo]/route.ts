import { requireAdmin } from "@/app/_server/require-admin";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { wechatForRefund } from "@/lib/payments/wechat-for";
import { getRefundStatus } from "@/lib/refunds/get-refund-status";

export const runtime = "nodejs";

/** Polled by the refund form until SUCCESS / CLOSED / ABNORMAL / REJECTED. */
export const GET = handle(async (_request: Request, ctx: { params: Promise<{ outRefundNo: string }> }) => {
  await requireAdmin();
  const { outRefundNo } = await ctx.params;
  const db = await getDb();
  const view = await getRefundStatus(db, await wechatForRefund(db, outRefundNo), outRefundNo);
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
});
