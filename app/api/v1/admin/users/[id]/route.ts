import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { adminUserChangeSchema } from "@/lib/admin/admin-user-change";
import { changeAdminUser } from "@/lib/admin/change-admin-user";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

/** Disable, enable, change role, reset password or end the user's sessions (one action; audited). */
export const PATCH = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const change = adminUserChangeSchema.parse(await readJson(request));
  const { id } = await ctx.params;
  const user = await changeAdminUser(await getDb(), id, change, actor, clientIp(request.headers));
  return Response.json({ user });
});
