import type { TimelineEntry } from "@/lib/admin/timeline";
import type { AdminMessages } from "@/lib/i18n/admin-messages";
import { formatFen, formatTime } from "./format";
import { StatusBadge } from "./status-badge";

// Shown on the entry's own line already.
const SHOWN = new Set(["outTradeNo", "outRefundNo"]);

function detailText(d: Record<string, unknown>): string {
  const parts = Object.entries(d)
    .filter(([k, v]) => !SHOWN.has(k) && v !== undefined && v !== null && v !== "")
    .map(
      ([k, v]) =>
        `${k}=${k.endsWith("Fen") && Number.isSafeInteger(v) ? formatFen(v as number) : typeof v === "object" ? JSON.stringify(v) : String(v)}`,
    );
  const s = parts.join(" · ");
  return s.length > 240 ? `${s.slice(0, 237)}…` : s;
}

/** The order's history, oldest first: events in green, notifications in blue, problems in red. */
export function TimelineList({ entries, t, locale }: { entries: TimelineEntry[]; t: AdminMessages; locale: string }) {
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((e) => {
        const bad = e.flagged || e.verification === "REJECTED" || e.type === "FLAGGED" || e.type.endsWith("_FLAGGED");
        return (
          <li key={`${e.kind}-${e.id}`} className={`${e.kind}${bad ? " bad" : ""}`} data-type={e.type}>
            <div className="when">{formatTime(e.at, locale)}</div>
            <div className="what">
              {e.kind === "notification" ? <span className="badge info">通知 Notify</span> : null}
              <span>{t.event[e.type] ?? e.type}</span>
              {e.from ? <StatusBadge status={e.from} /> : null}
              {e.from || e.to ? <span className="muted">→</span> : null}
              {e.to ? <StatusBadge status={e.to} /> : null}
              {e.verification ? (
                <StatusBadge
                  status={e.verification}
                  label={e.verification === "VERIFIED" ? t.detail.verified : t.detail.rejected}
                />
              ) : null}
              {e.flagged ? <StatusBadge status="ABNORMAL" label={t.detail.flagged} /> : null}
            </div>
            <div className="small muted">
              {e.outTradeNo ? <span className="mono">{e.outTradeNo} </span> : null}
              {e.outRefundNo ? <span className="mono">{e.outRefundNo} </span> : null}
              {e.outcome ? (
                <span>
                  {t.detail.outcome}: {e.outcome}{" "}
                </span>
              ) : null}
              {e.reason ? <span className="error">{e.reason} </span> : null}
              {detailText(e.detail)}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
