export interface TimelineEntry {
  id: string;
  at: Date;
  /** `event` rows come from payment_events; `notification` rows from notification_events. */
  kind: "event" | "notification";
  type: string;
  from: string | null;
  to: string | null;
  /** VERIFIED / REJECTED for notifications. */
  verification?: string;
  outcome?: string | null;
  flagged?: boolean;
  reason?: string | null;
  outTradeNo?: string;
  outRefundNo?: string;
  detail: Record<string, unknown>;
}

interface EventRow {
  id: string;
  createdAt: Date;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  paymentId: string | null;
  refundId: string | null;
  detail: unknown;
}

interface NotificationRow {
  id: string;
  receivedAt: Date;
  eventType: string | null;
  verification: string;
  failureReason: string | null;
  flagged: boolean;
  flagReason: string | null;
  outcome: string | null;
  paymentId: string | null;
  refundId: string | null;
  requestId: string | null;
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * One chronological list from the order's payment events and the notifications that touched its
 * payments or refunds. Ties keep events before notifications (the event is usually the effect
 * recorded in the same transaction, but "created" must stay first).
 */
export function buildTimeline(
  events: EventRow[],
  notifications: NotificationRow[],
  names: { refundNos: Map<string, string>; tradeNos: Map<string, string> },
): TimelineEntry[] {
  const label = (paymentId: string | null, refundId: string | null) => ({
    outTradeNo: paymentId ? names.tradeNos.get(paymentId) : undefined,
    outRefundNo: refundId ? names.refundNos.get(refundId) : undefined,
  });
  const entries: TimelineEntry[] = [
    ...events.map((e) => ({
      id: e.id,
      at: e.createdAt,
      kind: "event" as const,
      type: e.type,
      from: e.fromStatus,
      to: e.toStatus,
      detail: asRecord(e.detail),
      ...label(e.paymentId, e.refundId),
    })),
    ...notifications.map((n) => ({
      id: n.id,
      at: n.receivedAt,
      kind: "notification" as const,
      type: n.eventType ?? "UNKNOWN",
      from: null,
      to: null,
      verification: n.verification,
      outcome: n.outcome,
      flagged: n.flagged,
      reason: n.flagReason ?? n.failureReason,
      detail: n.requestId ? { requestId: n.requestId } : {},
      ...label(n.paymentId, n.refundId),
    })),
  ];
  return entries.sort(
    (a, b) => a.at.getTime() - b.at.getTime() || (a.kind === b.kind ? 0 : a.kind === "event" ? -1 : 1),
  );
}
