import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { resendDelivery } from "@/lib/webhooks/endpoints/resend-deliveries";

export const runtime = "nodejs";

/** "Resend now": the delivery becomes PENDING, due now, whatever its status → `{delivery}`. */
export const POST = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const { id } = await ctx.params;
  const delivery = await resendDelivery(await getDb(), id, actor, { ip: clientIp(request.headers) });
  return Response.json({ delivery });
});
