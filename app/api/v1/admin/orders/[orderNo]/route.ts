import { requireAdmin } from "@/app/_server/require-admin";
import { getOrderDetail } from "@/lib/admin/order-detail";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";

export const runtime = "nodejs";

export const GET = handle(async (_request: Request, ctx: { params: Promise<{ orderNo: string }> }) => {
  await requireAdmin();
  const { orderNo } = await ctx.params;
  return Response.json(await getOrderDetail(await getDb(), orderNo));
});
