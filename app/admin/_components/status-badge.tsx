import { tone } from "./format";

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return (
    <span className={`badge ${tone(status)}`} data-status={status}>
      {label ?? status}
    </span>
  );
}
