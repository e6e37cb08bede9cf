/** Nearest-rank percentile (p in 0–100) of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface StepStats {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

/** p50, p95 and the slowest of one step's durations (ms), rounded to 0.1 ms. */
export function stepStats(samples: readonly number[]): StepStats {
  const r = (v: number) => Math.round(v * 10) / 10;
  return {
    count: samples.length,
    p50: r(percentile(samples, 50)),
    p95: r(percentile(samples, 95)),
    max: r(samples.length ? Math.max(...samples) : NaN),
  };
}

/** Completed checkouts per second over the whole sale: from the first start to the last paid screen. */
export function checkoutsPerSecond(completed: number, startedAt: number, lastPaidAt: number): number {
  const seconds = (lastPaidAt - startedAt) / 1000;
  return completed > 0 && seconds > 0 ? completed / seconds : 0;
}
