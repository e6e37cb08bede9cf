import { expireCheckoutSession } from "@/lib/checkout-sessions/expire-session";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { withApiKey } from "@/lib/api-keys/with-api-key";
import { getWechat } from "@/lib/payments/mode-contexts";

export const runtime = "nodejs";

/** Expires an open session (`checkout:write`): closes its attempt at WeChat Pay first; 409 once paid. */
export const POST = withApiKey("checkout:write", async (_req, actor, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json(await expireCheckoutSession(await getDb(), getWechat(actor.livemode), id, getConfig().appUrl));
});
