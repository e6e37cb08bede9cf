import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { resendFailedDeliveries } from "@/lib/webhooks/endpoints/resend-deliveries";

export const runtime = "nodejs";

/** Every FAILED delivery of this endpoint becomes PENDING, due now → `{count}`. */
export const POST = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const { id } = await ctx.params;
  return Response.json(await resendFailedDeliveries(await getDb(), id, actor, { ip: clientIp(request.headers) }));
});
