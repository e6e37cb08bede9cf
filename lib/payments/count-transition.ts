import { getMetrics } from "@/lib/observability/metrics";
import type { StateSource } from "./sources";

/** Counts one payment or refund state change (after it committed): a counter, no I/O. */
export function countTransition(kind: "payment" | "refund", to: string, source: StateSource): void {
  const m = getMetrics();
  (kind === "payment" ? m.paymentTransitions : m.refundTransitions).inc({ to, source: source.kind });
}
