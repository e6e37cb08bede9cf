import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { sendTestEvent } from "@/lib/webhooks/endpoints/send-test-event";

export const runtime = "nodejs";

/** Queues a `ping` for this endpoint only → 202 `{eventId, deliveryId}`; the delivery engine sends it. */
export const POST = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const { id } = await ctx.params;
  const queued = await sendTestEvent(await getDb(), id, actor, { ip: clientIp(request.headers) });
  return Response.json(queued, { status: 202 });
});
