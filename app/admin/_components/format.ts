import { formatFen } from "@/lib/money/format-fen";

export { formatFen };

/** Admin times are China Standard Time whatever the server's zone. */
export function formatTime(at: Date | string | null | undefined, locale: string): string {
  if (!at) return "—";
  return new Intl.DateTimeFormat(locale, {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    // Not hour12: false, which en-US renders as "24:05:00" just after midnight.
    hourCycle: "h23",
  }).format(new Date(at));
}

export function formatRate(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(1)}%`;
}

const TONE: Record<string, string> = {
  PAID: "ok",
  SUCCESS: "ok",
  MATCHED: "ok",
  VERIFIED: "ok",
  DELIVERED: "ok",
  REFUNDED: "info",
  PARTIALLY_REFUNDED: "info",
  PROCESSING: "info",
  CREATED: "info",
  RUNNING: "info",
  PENDING: "warn",
  ABNORMAL: "bad",
  MISMATCHED: "bad",
  FAILED: "bad",
  REJECTED: "bad",
};

export function tone(status: string): string {
  return TONE[status] ?? "";
}
