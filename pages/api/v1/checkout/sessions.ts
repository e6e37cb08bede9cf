// POST /api/v1/checkout/sessions is a Pages Router API route serving an App Router-style handler
// (app/_server/web-api-route.ts): the hottest merchant route, whose CPU Next's App Router
// pipeline nearly doubled (issue 11's ≥ 500/s; bench/notes/sessions.md). Its sub-routes (GET,
// expire) stay route handlers under app/api/v1/checkout/sessions/[id].
import { webApiRoute } from "@/app/_server/web-api-route";
import { withApiKey } from "@/lib/api-keys/with-api-key";
import { createCheckoutSession } from "@/lib/checkout-sessions/create-session";
import { readIdempotencyKey } from "@/lib/checkout-sessions/idempotency-header";
import { getConfig } from "@/lib/config";
import { getHotSql } from "@/lib/db/hot-sql";
import { getDb } from "@/lib/db/process-db";
import { readJson } from "@/lib/http/read-json";

export const config = { api: { bodyParser: false } };

/**
 * Creates a Checkout Session (`checkout:write`). 201 with the session; an Idempotency-Key replay
 * (same key, same body, within 24 h) answers 200 with the same session and `Idempotent-Replayed: true`
 * (the OpenAPI document says so; Stripe would replay the stored 201).
 */
export const POST = withApiKey("checkout:write", async (req, actor) => {
  const idempotencyKey = readIdempotencyKey(req.headers);
  const config = getConfig();
  const { session, created } = await createCheckoutSession(await getDb(), await readJson(req), {
    config,
    sql: getHotSql(config.database) ?? undefined,
    apiKeyId: actor.id,
    livemode: actor.livemode,
    idempotencyKey,
  });
  return Response.json(session, {
    status: created ? 201 : 200,
    headers: created ? {} : { "Idempotent-Replayed": "true" },
  });
});

export default webApiRoute({ POST });
