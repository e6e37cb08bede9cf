/** "2026-11-26" → the instants that bound that calendar day in Beijing (UTC+8, no DST). */
export function beijingDay(billDate: string): { from: Date; to: Date } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(billDate) || Number.isNaN(Date.parse(`${billDate}T00:00:00+08:00`))) {
    throw new RangeError(`bill date must be YYYY-MM-DD, got ${billDate.slice(0, 20)}`);
  }
  const from = new Date(`${billDate}T00:00:00+08:00`);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/** The Beijing calendar date `days` before `now` ("yesterday" for the daily run is 1). */
export function beijingDateBefore(now: Date, days: number): string {
  return new Date(now.getTime() + 8 * 3600_000 - days * 86_400_000).toISOString().slice(0, 10);
}
