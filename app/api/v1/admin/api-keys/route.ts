import { adminReadLivemode } from "@/app/_server/admin-view";
import { createApiKey, listApiKeys, newApiKeySchema } from "@/lib/api-keys/manage-api-keys";
import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { modeForNew } from "@/lib/payments/mode-contexts";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

/**
 * The console's mode's keys (or `?mode=live|test`), newest first, revoked last: never the secret
 * or its hash. A deployment has a handful of keys, so the mode is filtered here.
 */
export const GET = handle(async (request: Request) => {
  await requireAdmin("ADMIN");
  const livemode = await adminReadLivemode(request);
  const apiKeys = (await listApiKeys(await getDb())).filter((k) => k.livemode === livemode);
  return Response.json({ livemode, apiKeys }, { headers: { "Cache-Control": "no-store" } });
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
