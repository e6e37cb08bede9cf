/** Injected time source: tests pass a fixed clock instead of patching globals. */
export type Clock = () => Date | number;

export type Instant = Date | number;

/** Milliseconds since the epoch for a Date or an ms number. */
export function toMs(instant: Instant): number {
  return typeof instant === "number" ? instant : instant.getTime();
}

export function nowMs(clock?: Clock): number {
  return clock ? toMs(clock()) : Date.now();
}

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
