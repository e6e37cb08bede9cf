// When a failed delivery is tried again (issue 12): after the first attempt 5 s, 5 min, 30 min,
// 2 h, 5 h, 10 h, 10 h, then every 12 h, until 3 days have passed since the event; an attempt
// that would fall later is not made and the delivery is FAILED (the admin can resend it).
// `scale` (WEBHOOK_RETRY_SCALE, tests only) multiplies every delay and the window alike.

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

/** Delay before attempt n+1 after n attempts (index n-1); later attempts wait EVERY_LATER_MS. */
const RETRY_DELAYS_MS: readonly number[] = [5 * S, 5 * MIN, 30 * MIN, 2 * H, 5 * H, 10 * H, 10 * H];
const EVERY_LATER_MS = 12 * H;
/** Retries stop this long after the event was created. */
const RETRY_WINDOW_MS = 72 * H;

interface RetryInput {
  /** Attempts made so far, including the one that just failed (≥ 1). */
  attemptsMade: number;
  eventCreatedAt: Date;
  now: Date;
  /** In (0, 1]; 1 in production. */
  scale: number;
}

/** The next attempt's time, or null: give up (the window since the event has passed). */
export function nextAttemptAt({ attemptsMade, eventCreatedAt, now, scale }: RetryInput): Date | null {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) throw new RangeError("attemptsMade must be ≥ 1");
  if (!(scale > 0)) throw new RangeError("scale must be > 0");
  const delay = RETRY_DELAYS_MS[attemptsMade - 1] ?? EVERY_LATER_MS;
  const next = now.getTime() + delay * scale;
  return next - eventCreatedAt.getTime() > RETRY_WINDOW_MS * scale ? null : new Date(next);
}
