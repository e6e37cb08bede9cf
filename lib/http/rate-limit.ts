import { isIPv6 } from "node:net";
import type { SqlRunner } from "@/lib/db/hot-sql";
import { RateLimitedError } from "@/lib/errors/app-error";
import { getLogger } from "@/lib/observability/logger";

/**
 * Rate limits kept in the database (table rate_limits), so every instance counts against the
 * same budget. Each check is one UPSERT, timed by the database's clock (instances may drift).
 * Works through the hot-path pg pool on PostgreSQL and Prisma's raw query on PGlite.
 */

/** A fixed window: `limit` hits per `windowMs` for each key. */
export interface WindowRule {
  name: string;
  limit: number;
  windowMs: number;
}

/**
 * Growing delays: `free` attempts at once, then each further one only `baseMs`, 2×, 4×… (at
 * most `maxMs`) after the previous. Quiet for `decayMs` after the last wait: the count restarts.
 */
export interface BackoffRule {
  name: string;
  free: number;
  baseMs: number;
  maxMs: number;
  decayMs: number;
}

/**
 * A fixed window's hit on conflict (table alias `r`): a new window once the old one is over.
 * Exported for statements that count a hit along with other work (lib/api-keys' one-statement
 * authentication).
 */
export const WINDOW_UPSERT_SET = `count = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.count + 1 END,
    reset_at = CASE WHEN r.reset_at <= now() THEN excluded.reset_at ELSE r.reset_at END`;

const WINDOW_SQL = `INSERT INTO rate_limits AS r (key, count, reset_at)
  VALUES ($1, 1, now() + $2::float8 * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET ${WINDOW_UPSERT_SET}
  RETURNING count, ceil(extract(epoch FROM reset_at - now()))::int AS "retryAfter"`;

// Updates only when the wait is over; no row back means "still waiting" (the wait is not
// extended, so a hammering client does not push its own release ever further).
// Attempt number c sets the wait before the next: none while c < free, then base·2^(c−free).
// "No wait" is read from the count, not the clock: reset_at is timestamptz(3), which rounds
// now() up to half a millisecond into the future, and a concurrent attempt's now() (its
// transaction's start) may be earlier than the row it waited for.
const BACKOFF_SQL = `INSERT INTO rate_limits AS r (key, count, reset_at)
  VALUES ($1, 1, now() + CASE WHEN 1 < $3::int THEN interval '0' ELSE $4::float8 * interval '1 millisecond' END)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN r.reset_at < now() - $2::float8 * interval '1 millisecond' THEN 1 ELSE r.count + 1 END,
    reset_at = now() + CASE
      WHEN r.reset_at < now() - $2::float8 * interval '1 millisecond' THEN
        CASE WHEN 1 < $3::int THEN interval '0' ELSE $4::float8 * interval '1 millisecond' END
      WHEN r.count + 1 < $3::int THEN interval '0'
      ELSE least($5::float8, $4::float8 * power(2, r.count + 1 - $3::int)) * interval '1 millisecond' END
  WHERE r.count < $3::int OR r.reset_at <= now()
  RETURNING count`;

const WAIT_SQL = `SELECT greatest(1, ceil(extract(epoch FROM reset_at - now())))::int AS "retryAfter"
  FROM rate_limits WHERE key = $1`;

// Rows of clients long gone: swept by about one request in 500, in the background.
const SWEEP_SQL = `DELETE FROM rate_limits WHERE reset_at < now() - interval '1 day'`;
function maybeSweep(sql: SqlRunner): void {
  if (Math.random() >= 1 / 500) return;
  sql("rate_limit_sweep_v1", SWEEP_SQL, []).catch((err: unknown) =>
    getLogger("http").warn({ err }, "rate limit sweep failed"),
  );
}

/** Counts one hit for `key` under `rule`; throws RateLimitedError (429, Retry-After) past the limit. */
export async function hitWindow(sql: SqlRunner, rule: WindowRule, key: string): Promise<void> {
  const [row] = await sql<{ count: number; retryAfter: number }>("rate_limit_window_v1", WINDOW_SQL, [
    `${rule.name}:${key}`,
    rule.windowMs,
  ]);
  maybeSweep(sql);
  if (row) assertWithinWindow(rule, row.count, row.retryAfter);
}

/** Throws RateLimitedError (429, Retry-After ≥ 1 s) when a window's count is past its limit. */
export function assertWithinWindow(rule: WindowRule, count: number, retryAfterSeconds: number): void {
  if (count > rule.limit) throw new RateLimitedError(Math.max(1, retryAfterSeconds));
}

/** Counts one attempt under a growing-delay rule; throws RateLimitedError while the wait lasts. */
export async function hitBackoff(sql: SqlRunner, rule: BackoffRule, key: string): Promise<void> {
  const k = `${rule.name}:${key}`;
  const rows = await sql("rate_limit_backoff_v1", BACKOFF_SQL, [k, rule.decayMs, rule.free, rule.baseMs, rule.maxMs]);
  maybeSweep(sql);
  if (rows.length > 0) return;
  const [wait] = await sql<{ retryAfter: number }>("rate_limit_wait_v1", WAIT_SQL, [k]);
  throw new RateLimitedError(wait?.retryAfter ?? 1);
}

/** Forgets a key's count (a successful sign-in clears its growing delay). */
export async function resetLimit(sql: SqlRunner, ruleName: string, key: string): Promise<void> {
  await sql("rate_limit_reset_v1", `DELETE FROM rate_limits WHERE key = $1 RETURNING key`, [`${ruleName}:${key}`]);
}

/** Remembers `key` for `ttlMs` (a client that signed in as an email before). */
export async function remember(sql: SqlRunner, ruleName: string, key: string, ttlMs: number): Promise<void> {
  await sql(
    "rate_limit_remember_v1",
    `INSERT INTO rate_limits (key, count, reset_at) VALUES ($1, 1, now() + $2::float8 * interval '1 millisecond')
     ON CONFLICT (key) DO UPDATE SET reset_at = excluded.reset_at RETURNING key`,
    [`${ruleName}:${key}`, ttlMs],
  );
}

export async function remembered(sql: SqlRunner, ruleName: string, key: string): Promise<boolean> {
  const rows = await sql("rate_limit_remembered_v1", `SELECT 1 FROM rate_limits WHERE key = $1 AND reset_at > now()`, [
    `${ruleName}:${key}`,
  ]);
  return rows.length > 0;
}

/**
 * The key for a client address: IPv4 as is, IPv6 by its /64 (one subscriber's prefix; an
 * attacker holding one would otherwise get 2^64 fresh budgets).
 */
export function clientKey(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const full = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${full
    .slice(0, 4)
    .map((h) => (parseInt(h, 16) || 0).toString(16))
    .join(":")}::/64`;
}
