import { createApiKey, listApiKeys, newApiKeySchema } from "@/lib/api-keys/manage-api-keys";
import { requireAdmin } from "@/lib/auth/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

/** Every key, newest first, revoked last: never the secret or its hash. */
export const GET = handle(async () => {
  await requireAdmin("ADMIN");
  return Response.json({ apiKeys: await listApiKeys(await getDb()) }, { headers: { "Cache-Control": "no-store" } });
});

/** `{name, scopes}` → 201 `{id, name, scopes, prefix, secret}`: the only time the secret is shown. */
export const POST = handle(async (request: Request) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const input = newApiKeySchema.parse(await readJson(request));
  const key = await createApiKey(await getDb(), input, actor, clientIp(request.headers));
  return Response.json(key, { status: 201, headers: { "Cache-Control": "no-store" } });
});
