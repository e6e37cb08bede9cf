import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { rotateEndpointSecret } from "@/lib/webhooks/endpoints/rotate-endpoint-secret";

export const runtime = "nodejs";

/** → `{secret, previousSecretExpiresAt}`: the new secret, once; the old one signs beside it for 24 h. */
export const POST = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const { id } = await ctx.params;
  const rotated = await rotateEndpointSecret(await getDb(), id, actor, { ip: clientIp(request.headers) });
  return Response.json(rotated, { headers: { "Cache-Control": "no-store" } });
});
