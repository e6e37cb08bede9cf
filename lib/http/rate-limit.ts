import { RateLimitedError } from "@/lib/errors/app-error";

/**
 * Fixed-window limiter kept in process memory: enough to stop a script hammering one instance
 * (order creation, sign-in). With several instances each counts on its own, so the effective
 * limit is per instance; put a shared limiter in front (gateway, Redis) for a hard global cap.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt for `key`; throws RateLimitedError past the limit. */
  hit(key: string): void {
    const t = this.now();
    const entry = this.hits.get(key);
    if (!entry || entry.resetAt <= t) {
      if (this.hits.size > 10_000) this.sweep(t);
      this.hits.set(key, { count: 1, resetAt: t + this.windowMs });
      return;
    }
    entry.count += 1;
    if (entry.count > this.limit) throw new RateLimitedError(Math.ceil((entry.resetAt - t) / 1000));
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(t: number): void {
    for (const [k, v] of this.hits) if (v.resetAt <= t) this.hits.delete(k);
  }
}
