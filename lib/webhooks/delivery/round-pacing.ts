/**
 * How long a nudge (events written) waits before its round. Normally `nudgeDelayMs`, so a
 * lone event goes out at once. While events keep coming, though, a round started right behind
 * the previous one carries only the few events of its own short wait, and every round has a
 * fixed cost (fan-out, claim, render, record, health: ~5 ms of CPU across the app and
 * PostgreSQL) that fewer deliveries then share. So after a round that delivered something,
 * the next starts no sooner than `busyGapMs` after that round started: under steady traffic the
 * rounds grow with the rate (~busyGapMs × rate deliveries each) instead of staying small, for a
 * bounded extra wait. Pure: the loop passes its clock.
 */
export function nudgeDelay(o: {
  now: number;
  /** Start of the last round that claimed any delivery; -Infinity if none yet. */
  lastBusyRoundStart: number;
  nudgeDelayMs: number;
  busyGapMs: number;
}): number {
  return Math.max(o.nudgeDelayMs, o.lastBusyRoundStart + o.busyGapMs - o.now);
}
