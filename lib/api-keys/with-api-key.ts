import { authenticateApiKey, type ApiKeyActor } from "@/lib/api-keys/authenticate-api-key";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/process-db";
import { getHotSql } from "@/lib/db/hot-sql";
import { UnauthorizedError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/http/error-response";
import { handle } from "@/lib/http/handle";
import type { WindowRule } from "@/lib/http/rate-limit";

/** API_KEY_RATE_LIMIT_PER_MINUTE per key, counted in the database across instances. */
const apiKeyRule = (): WindowRule => ({
  name: "api-key",
  limit: getConfig().checkout.apiKeyRateLimitPerMinute,
  windowMs: 60_000,
});

/**
 * The merchant routes' wrapper (dub's `withWorkspace`): resolves the API key, counts the request
 * against the key's rate limit (one statement, authenticate-api-key.ts), checks `scope`, then hands the route a typed actor. Errors
 * of either go through the one error mapper. Routes never read `Authorization` themselves.
 * No `server-only` guard (nor lib/db/client's): Session creation is a Pages API route
 * (pages/api/v1/checkout/sessions.ts), where that package's react-server condition is not resolved.
 */
export function withApiKey<C = unknown>(
  scope: ApiKeyScope,
  fn: (request: Request, actor: ApiKeyActor, context: C) => Promise<Response>,
): (request: Request, context: C) => Promise<Response> {
  return handle(async (request: Request, context: C) => {
    let actor: ApiKeyActor;
    try {
      actor = await authenticateApiKey(await getDb(), request.headers.get("authorization"), scope, {
        rateLimit: apiKeyRule(),
        sql: getHotSql(getConfig().database) ?? undefined,
      });
    } catch (err) {
      if (!(err instanceof UnauthorizedError)) throw err;
      // RFC 6750: a 401 names the scheme it wants.
      const res = errorResponse(err);
      res.headers.set("WWW-Authenticate", 'Bearer realm="merchant-api"');
      return res;
    }
    return fn(request, actor, context);
  });
}
