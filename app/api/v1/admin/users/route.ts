import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { createAdminUser, listAdminUsers, newAdminUserSchema } from "@/lib/admin/create-admin-user";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

export const GET = handle(async () => {
  await requireAdmin("ADMIN");
  return Response.json({ users: await listAdminUsers(await getDb()) });
});

/** An admin adds a user (viewer by default): how read-only colleagues get an account. */
export const POST = handle(async (request: Request) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const input = newAdminUserSchema.parse(await readJson(request));
  const user = await createAdminUser(await getDb(), input, actor, clientIp(request.headers));
  return Response.json({ user }, { status: 201 });
});
