import { getMetrics } from "./metrics";

/** The delivery loop's `onRound` hook: one round's attempts by outcome (counters, no I/O). */
export function countDeliveryRound(r: { delivered: number; retrying: number; failed: number; released: number }): void {
  const m = getMetrics().webhookDeliveries;
  if (r.delivered) m.inc({ outcome: "delivered" }, r.delivered);
  if (r.retrying) m.inc({ outcome: "retrying" }, r.retrying);
  if (r.failed) m.inc({ outcome: "failed" }, r.failed);
  if (r.released) m.inc({ outcome: "released" }, r.released);
}
