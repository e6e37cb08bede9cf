import { revokeApiKey } from "@/lib/api-keys/manage-api-keys";
import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";

export const runtime = "nodejs";

/** Revokes the key (idempotent); the key's next request is 401. */
export const DELETE = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const { id } = await ctx.params;
  const apiKey = await revokeApiKey(await getDb(), id, actor, clientIp(request.headers));
  return Response.json({ apiKey });
});
