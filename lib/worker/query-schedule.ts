// When the worker asks WeChat Pay about a PENDING payment. Notifications normally settle a
// payment within seconds; the active query is the fallback for a lost one, so it backs off with
// the payment's age (WORKER_QUERY_SCHEDULE_S, parsed by lib/config): by default at 10 s, 30 s,
// 1 min, 2 min and 5 min after the attempt was created, then every 5 min (the last entry
// repeats) until it expires (the close job then asks once more while closing). A payment is due
// when a point of its schedule has passed since it was last queried (by the worker or an early
// query). Page views never query.

/** The latest scheduled query (seconds after creation) at or before `ageSeconds`; null before the first. */
export function lastDuePoint(schedule: readonly number[], ageSeconds: number): number | null {
  const last = schedule[schedule.length - 1]!;
  if (ageSeconds >= last) return last * Math.floor(ageSeconds / last);
  for (let i = schedule.length - 1; i >= 0; i--) if (ageSeconds >= schedule[i]!) return schedule[i]!;
  return null;
}

/** When the next query after one at `ageSeconds` is due (seconds after creation). */
export function nextDuePoint(schedule: readonly number[], ageSeconds: number): number {
  const last = schedule[schedule.length - 1]!;
  for (const p of schedule) if (p > ageSeconds) return p;
  return last * (Math.floor(ageSeconds / last) + 1);
}

/**
 * lastDuePoint as SQL over `age` (an expression in seconds). The numbers are validated
 * integers, so inlining them is safe; the result is a double precision number of seconds.
 */
export function lastDuePointSql(schedule: readonly number[], age: string): string {
  for (const p of schedule) if (!Number.isInteger(p) || p < 1) throw new Error("bad schedule");
  const last = schedule[schedule.length - 1]!;
  const steps = schedule
    .slice(0, -1)
    .reverse()
    .map((p) => `WHEN ${age} >= ${p} THEN ${p}::float8`)
    .join(" ");
  return `(CASE WHEN ${age} >= ${last} THEN ${last} * floor(${age} / ${last}) ${steps} END)`;
}
