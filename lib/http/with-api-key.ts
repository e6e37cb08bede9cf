import "server-only";
import { authenticateApiKey, type ApiKeyActor } from "@/lib/api-keys/authenticate-api-key";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { handle } from "./handle";
import { RateLimiter } from "./rate-limit";

const holder = globalThis as unknown as { __apiKeyLimiter?: RateLimiter };
function apiKeyLimiter(): RateLimiter {
  holder.__apiKeyLimiter ??= new RateLimiter(getConfig().checkout.apiKeyRateLimitPerMinute, 60_000);
  return holder.__apiKeyLimiter;
}

/**
 * The merchant routes' wrapper (dub's `withWorkspace`): resolves the API key, checks `scope`,
 * counts the request against the key's rate limit, then hands the route a typed actor. Errors
 * of either go through the one error mapper. Routes never read `Authorization` themselves.
 */
export function withApiKey<C = unknown>(
  scope: ApiKeyScope,
  fn: (request: Request, actor: ApiKeyActor, context: C) => Promise<Response>,
): (request: Request, context: C) => Promise<Response> {
  return handle(async (request: Request, context: C) => {
    const actor = await authenticateApiKey(await getDb(), request.headers.get("authorization"), scope, {
      limiter: apiKeyLimiter(),
    });
    return fn(request, actor, context);
  });
}
