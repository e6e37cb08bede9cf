import { createApiKey, listApiKeys, newApiKeySchema } from "@/lib/api-keys/manage-api-keys";
import { requireAdmin } from "@/lib/auth/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { modeForNew } from "@/lib/payments/server";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

/** Every key, newest first, revoked last: never the secret or its hash. */
export const GET = handle(async () => {
  await requireAdmin("ADMIN");
  return Response.json({ apiKeys: await listApiKeys(await getDb()) }, { headers: { "Cache-Control": "no-store" } });
});

/**
 * `{name, scopes, mode?}` → 201 `{id, name, scopes, prefix, mode, livemode, secret}`: the only time
 * the secret is shown. `mode` defaults to live (test in demo mode).
 */
export const POST = handle(async (request: Request) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const input = newApiKeySchema.parse(await readJson(request));
  const livemode = modeForNew(input.mode);
  const key = await createApiKey(await getDb(), input, actor, livemode, clientIp(request.headers));
  return Response.json(key, { status: 201, headers: { "Cache-Control": "no-store" } });
});
