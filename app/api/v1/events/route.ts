import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { listEvents } from "@/lib/event-objects/list-events";
import { listEventsQuerySchema } from "@/lib/event-objects/list-events-query";
import { withApiKey } from "@/lib/api-keys/with-api-key";

export const runtime = "nodejs";

/** Merchant API (scope events:read): catch up on events after an outage, oldest first. */
export const GET = withApiKey("events:read", async (request, actor) => {
  const query = listEventsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listEvents(await getDb(), query, getConfig().appUrl, actor.livemode);
  return Response.json(list, { headers: { "Cache-Control": "no-store" } });
});
