import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { changeAdminUser } from "@/lib/admin/change-admin-user";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";

export const runtime = "nodejs";

/** Any signed-in user ends all of their own sessions, this one included (audited). */
export const POST = handle(async (request: Request) => {
  const actor = await requireAdmin();
  assertSameOrigin(request);
  await changeAdminUser(await getDb(), actor.id, { action: "sign-out-everywhere" }, actor, clientIp(request.headers));
  return new Response(null, { status: 204 });
});
