import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getDb } from "@/lib/db/client";
import { clientIp } from "@/lib/http/client-ip";
import { handle } from "@/lib/http/handle";
import { wechatForRefund } from "@/lib/payments/wechat-for";
import { abnormalRefundSchema } from "@/lib/refunds/abnormal-refund-input";
import { retryAbnormalRefund } from "@/lib/refunds/retry-abnormal-refund";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

/** ADMIN: send an ABNORMAL refund to the payer's bank card or to the merchant's (apply-abnormal-refund). */
export const POST = handle(async (request: Request, ctx: { params: Promise<{ outRefundNo: string }> }) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const { outRefundNo } = await ctx.params;
  const choice = abnormalRefundSchema.parse(await readJson(request));
  const db = await getDb();
  const result = await retryAbnormalRefund(db, await wechatForRefund(db, outRefundNo), outRefundNo, choice, actor, {
    ip: clientIp(request.headers),
  });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});
