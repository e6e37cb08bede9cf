import { RateLimiter } from "@/lib/http/rate-limit";

/**
 * Order creation per client address: a person checks out a few times a minute; a script
 * filling the orders table is stopped. Kept on globalThis so dev reloads share one counter.
 */
export const ORDERS_PER_MINUTE = 60;

const holder = globalThis as unknown as { __orderLimiter?: RateLimiter };
export function orderRateLimiter(): RateLimiter {
  holder.__orderLimiter ??= new RateLimiter(ORDERS_PER_MINUTE, 60_000);
  return holder.__orderLimiter;
}
