import type { Db } from "@/lib/db/create-prisma";
import { prismaRunner, type SqlRunner } from "@/lib/db/hot-sql";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors/app-error";
import { assertWithinWindow, WINDOW_UPSERT_SET, type WindowRule } from "@/lib/http/rate-limit";
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
  /** The key's fixed window (API_KEY_RATE_LIMIT_PER_MINUTE), counted in the same statement; none: not limited. */
  rateLimit?: WindowRule;
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
  /** Null when no limit was asked for. */
  count: number | null;
  retryAfter: number | null;
};

/**
 * Every merchant request runs this ONE statement (one round trip on the hot-path pool): the
 * active key by its hash (revocation is read on every request), the hit on its rate-limit window
 * (lib/http/rate-limit's upsert; revoked and unknown keys count nothing), and lastUsedAt. The
 * lastUsedAt write is conditional, so a busy key writes it at most once a minute and concurrent
 * requests write it once (the row lock re-checks the condition); it never moves backwards.
 * $7: the rate-limit row's key prefix ('name:'); $8: whether to count at all.
 */
const AUTH_SQL = `WITH k AS (
  SELECT id, name, prefix, last_four, scopes, livemode FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL
), used AS (
  UPDATE api_keys a SET last_used_at = $2::timestamptz FROM k
  WHERE a.id = k.id AND (a.last_used_at IS NULL OR a.last_used_at <= $3::timestamptz)
  RETURNING a.id
), hit AS (
  INSERT INTO rate_limits AS r (key, count, reset_at)
  SELECT $4 || k.id::text, 1, now() + $5::float8 * interval '1 millisecond' FROM k WHERE $6::boolean
  ON CONFLICT (key) DO UPDATE SET ${WINDOW_UPSERT_SET}
  RETURNING count, ceil(extract(epoch FROM reset_at - now()))::int AS "retryAfter"
)
SELECT k.id::text, k.name, k.prefix, k.last_four AS "lastFour", k.scopes, k.livemode, hit.count, hit."retryAfter"
FROM k LEFT JOIN hit ON true`;

const UNAUTHORIZED = "A valid API key is required (Authorization: Bearer sk_…)";

// lastUsedAt is written at most once a minute per key, so a busy key costs no write per request.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves `Authorization: Bearer sk_…` to an active key holding `scope`. Missing, malformed,
 * unknown and revoked keys are all 401 with the same message (nothing to learn by probing);
 * past the key's rate limit 429; a valid key without the scope is 403 (still counted and still
 * "used": a misconfigured integration shows up in the list). Revocation is read from the
 * database on every call.
 */
export async function authenticateApiKey(
  db: Db,
  authorization: string | null,
  scope: ApiKeyScope,
  opts: ApiKeyAuthOptions = {},
): Promise<ApiKeyActor> {
  const secret = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!secret || !API_KEY_SECRET_PATTERN.test(secret)) throw new UnauthorizedError(UNAUTHORIZED);
  const now = opts.now ?? new Date();
  const rule = opts.rateLimit;
  const [key] = await (opts.sql ?? prismaRunner(db))<KeyRow>("api_key_auth_v3", AUTH_SQL, [
    hashApiKeySecret(secret),
    now.toISOString(),
    new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString(),
    `${rule?.name ?? "api-key"}:`,
    rule?.windowMs ?? 60_000,
    rule !== undefined,
  ]);
  if (!key) throw new UnauthorizedError(UNAUTHORIZED);
  if (rule && key.count !== null) assertWithinWindow(rule, key.count, key.retryAfter ?? 1);
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
