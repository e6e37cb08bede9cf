import { adminReadLivemode } from "@/app/_server/admin-view";
import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { createEndpoint } from "@/lib/webhooks/endpoints/create-endpoint";
import { newEndpointSchema } from "@/lib/webhooks/endpoints/endpoint-input";
import { listEndpoints } from "@/lib/webhooks/endpoints/list-endpoints";
import { modeForNew } from "@/lib/payments/mode-contexts";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

/**
 * The console's mode's endpoints (or `?mode=live|test`), newest first: never a secret (only
 * `whsec_…` + its last four). Viewers may read.
 */
export const GET = handle(async (request: Request) => {
  await requireAdmin();
  const livemode = await adminReadLivemode(request);
  return Response.json(
    { livemode, webhookEndpoints: await listEndpoints(await getDb(), { livemode }) },
    { headers: { "Cache-Control": "no-store" } },
  );
});

/** `{url, events, description?, mode?}` → 201 `{id, url, events, livemode, secret}`: the only time the secret is shown. */
export const POST = handle(async (request: Request) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const input = newEndpointSchema.parse(await readJson(request));
  const created = await createEndpoint(await getDb(), input, getConfig().webhooks, modeForNew(input.mode), actor, {
    ip: clientIp(request.headers),
  });
  return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
});
