/** The simulator's business clock: real time plus an offset the control API can advance. */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(seconds: number): number {
    this.offsetMs += Math.round(seconds * 1000);
    return this.now();
  }

  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }
}

/** RFC 3339 in Beijing time, as WeChat Pay prints times: 2026-01-01T12:00:00+08:00 */
export function rfc3339Beijing(ms: number): string {
  const d = new Date(ms + 8 * 3600 * 1000);
  return `${d.toISOString().slice(0, 19)}+08:00`;
}

/** `YYYY-MM-DD HH:mm:ss` in Beijing time (trade bill). */
export function beijingDateTime(ms: number): string {
  return rfc3339Beijing(ms).slice(0, 19).replace("T", " ");
}

/** `YYYY-MM-DD` in Beijing time. */
export function beijingDate(ms: number): string {
  return rfc3339Beijing(ms).slice(0, 10);
}

/** Parses an RFC 3339 time with an explicit offset; NaN when malformed. */
export function parseRfc3339(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return Number.NaN;
  return Date.parse(value);
}
