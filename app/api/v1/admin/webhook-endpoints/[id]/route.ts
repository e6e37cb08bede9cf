import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { deleteEndpoint } from "@/lib/webhooks/endpoints/delete-endpoint";
import { endpointPatchSchema } from "@/lib/webhooks/endpoints/endpoint-input";
import { getEndpoint } from "@/lib/webhooks/endpoints/list-endpoints";
import { listEndpointDeliveries } from "@/lib/webhooks/endpoints/list-endpoint-deliveries";
import { updateEndpoint } from "@/lib/webhooks/endpoints/update-endpoint";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

type Ctx = { params: Promise<{ id: string }> };

/** The endpoint (no secret) and its 50 most recent deliveries. Viewers may read. */
export const GET = handle(async (_request: Request, ctx: Ctx) => {
  await requireAdmin();
  const { id } = await ctx.params;
  const db = await getDb();
  const webhookEndpoint = await getEndpoint(db, id);
  const recentDeliveries = await listEndpointDeliveries(db, id);
  return Response.json({ webhookEndpoint, recentDeliveries }, { headers: { "Cache-Control": "no-store" } });
});

/** Any of `{url, events, description, enabled}`; enabling clears the disabled reason and failingSince. */
export const PATCH = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const { id } = await ctx.params;
  const patch = endpointPatchSchema.parse(await readJson(request));
  const webhookEndpoint = await updateEndpoint(await getDb(), id, patch, getConfig().webhooks, actor, {
    ip: clientIp(request.headers),
  });
  return Response.json({ webhookEndpoint });
});

/** Deletes the endpoint with its deliveries; the events stay. */
export const DELETE = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const { id } = await ctx.params;
  const deleted = await deleteEndpoint(await getDb(), id, actor, clientIp(request.headers));
  return Response.json({ ...deleted, deleted: true });
});
