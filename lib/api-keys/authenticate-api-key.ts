import type { Db } from "@/lib/db/create-prisma";
import { prismaRunner, type SqlRunner } from "@/lib/db/hot-sql";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors/app-error";
import { API_KEY_SECRET_PATTERN, hashApiKeySecret } from "./api-key-secret";
import type { ApiKeyScope } from "./scopes";

/** The merchant server a request comes from, as routes see it. */
export interface ApiKeyActor {
  kind: "api_key";
  id: string;
  name: string;
  prefix: string;
  lastFour: string;
  scopes: readonly string[];
  /** sk_live_ (true) or sk_test_ (false): the only data this key may see or create. */
  livemode: boolean;
}

/** How an API key appears in audit rows and `requestedBy` columns: never the secret. */
export function apiKeyLabel(actor: Pick<ApiKeyActor, "prefix" | "lastFour" | "name">): string {
  return `api_key:${actor.prefix}…${actor.lastFour} (${actor.name})`.slice(0, 200);
}

export interface ApiKeyAuthOptions {
  /** Counts the request against the key's rate limit; throws RateLimitedError past it. */
  limit?: (keyId: string) => Promise<void>;
  now?: Date;
  /** The hot-path pg pool on PostgreSQL (lib/db/hot-sql); Prisma's raw query otherwise. */
  sql?: SqlRunner;
}

type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  lastFour: string;
  scopes: string[];
  livemode: boolean;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};
// Every merchant request runs this: one indexed row, a prepared statement on the hot-path pool.
const KEY_SQL = `SELECT id::text, name, prefix, last_four AS "lastFour", scopes, livemode, revoked_at AS "revokedAt",
  last_used_at AS "lastUsedAt" FROM api_keys WHERE secret_hash = $1`;

const UNAUTHORIZED = "A valid API key is required (Authorization: Bearer sk_…)";

// lastUsedAt is written at most once a minute per key, so a busy key costs no write per request.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves `Authorization: Bearer sk_…` to an active key holding `scope`. Missing, malformed,
 * unknown and revoked keys are all 401 with the same message (nothing to learn by probing);
 * a valid key without the scope is 403. Revocation is read from the database on every call.
 */
export async function authenticateApiKey(
  db: Db,
  authorization: string | null,
  scope: ApiKeyScope,
  opts: ApiKeyAuthOptions = {},
): Promise<ApiKeyActor> {
  const secret = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!secret || !API_KEY_SECRET_PATTERN.test(secret)) throw new UnauthorizedError(UNAUTHORIZED);
  const [key] = await (opts.sql ?? prismaRunner(db))<KeyRow>("api_key_by_hash_v2", KEY_SQL, [hashApiKeySecret(secret)]);
  if (!key || key.revokedAt) throw new UnauthorizedError(UNAUTHORIZED);
  await opts.limit?.(key.id);
  const now = opts.now ?? new Date();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!key.lastUsedAt || key.lastUsedAt <= staleBefore) {
    // Conditional, so concurrent requests of one key write it once; never moves it backwards.
    await db.apiKey.updateMany({
      where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  // After lastUsedAt: a key refused for its scope was still used (a misconfigured integration shows up).
  if (!(key.scopes ?? []).includes(scope)) {
    throw new ForbiddenError(`This API key lacks the ${scope} scope`, { requiredScope: scope });
  }
  return {
    kind: "api_key",
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    lastFour: key.lastFour,
    scopes: key.scopes ?? [],
    livemode: key.livemode,
  };
}
