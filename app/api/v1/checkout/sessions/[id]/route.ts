import { getCheckoutSession } from "@/lib/checkout-sessions/get-session";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { withApiKey } from "@/lib/api-keys/with-api-key";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The session object (`checkout:read`). */
export const GET = withApiKey("checkout:read", async (_req, actor, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json(await getCheckoutSession(await getDb(), id, getConfig().appUrl, actor.livemode));
});
