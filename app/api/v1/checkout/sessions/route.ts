import { createCheckoutSession } from "@/lib/checkout-sessions/create-session";
import { readIdempotencyKey } from "@/lib/checkout-sessions/idempotency-header";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { getHotSql } from "@/lib/db/hot-sql";
import { withApiKey } from "@/lib/api-keys/with-api-key";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

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
