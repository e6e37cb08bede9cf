import type { SqlRunner } from "@/lib/db/hot-sql";
import {
  clientKey,
  hitBackoff,
  hitWindow,
  remember,
  remembered,
  resetLimit,
  type BackoffRule,
  type WindowRule,
} from "@/lib/http/rate-limit";

export interface SignInLimits {
  /** One email from one client: growing delays, cleared by a success. */
  pair: BackoffRule;
  /** One client, any email: stops one address spraying many accounts. */
  client: WindowRule;
  /** One email from clients that never signed in as it: a brake on guessing from many addresses. */
  email: WindowRule;
  /** How long a client that signed in as an email stays exempt from the email brake. */
  knownMs: number;
}

const MINUTE = 60_000;
export const SIGN_IN_LIMITS: SignInLimits = {
  pair: { name: "signin-pair", free: 5, baseMs: 5_000, maxMs: 15 * MINUTE, decayMs: 15 * MINUTE },
  client: { name: "signin-client", limit: 30, windowMs: 15 * MINUTE },
  email: { name: "signin-email", limit: 60, windowMs: 15 * MINUTE },
  knownMs: 30 * 24 * 60 * MINUTE,
};

const KNOWN = "signin-known";
const pairKey = (email: string, ip: string) => `${email}|${clientKey(ip)}`;

/**
 * Counts one sign-in attempt before the password is checked (throws RateLimitedError), so a
 * throttled guesser learns nothing more. The email brake skips clients that signed in as that
 * email before: a stranger failing from other addresses cannot lock its owner out.
 */
export async function countSignInAttempt(sql: SqlRunner, limits: SignInLimits, email: string, ip: string) {
  await hitBackoff(sql, limits.pair, pairKey(email, ip));
  await hitWindow(sql, limits.client, clientKey(ip));
  if (!(await remembered(sql, KNOWN, pairKey(email, ip)))) await hitWindow(sql, limits.email, email);
}

export async function recordSignInSuccess(sql: SqlRunner, limits: SignInLimits, email: string, ip: string) {
  await resetLimit(sql, limits.pair.name, pairKey(email, ip));
  await remember(sql, KNOWN, pairKey(email, ip), limits.knownMs);
}
