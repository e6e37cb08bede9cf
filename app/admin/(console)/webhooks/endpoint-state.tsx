import type { AdminMessages } from "@/lib/i18n/admin-messages";
import { formatTime } from "../../_components/format";
import styles from "./webhooks.module.css";

/** Enabled / failing / disabled with its reason: the list's and the detail page's status cell. */
export function EndpointState({
  e,
  t,
  locale,
}: {
  e: { enabled: boolean; disabledReason: string | null; disabledAt: Date | null; failingSince: Date | null };
  t: AdminMessages["webhooks"];
  locale: string;
}) {
  if (!e.enabled) {
    return (
      <span className={styles.state} data-testid="endpoint-state" data-state="disabled">
        <span className="badge bad">{t.disabled}</span>
        {e.disabledReason && <span className="small">{t.reasons[e.disabledReason] ?? e.disabledReason}</span>}
        {e.disabledAt && <span className="small muted nowrap">{formatTime(e.disabledAt, locale)}</span>}
      </span>
    );
  }
  if (e.failingSince) {
    return (
      <span className={styles.state} data-testid="endpoint-state" data-state="failing">
        <span className="badge warn">{t.failing}</span>
      </span>
    );
  }
  return (
    <span className={styles.state} data-testid="endpoint-state" data-state="enabled">
      <span className="badge ok">{t.enabled}</span>
    </span>
  );
}

/** `*` as "all events", otherwise one badge per type. */
export function EventBadges({ events, t }: { events: string[]; t: AdminMessages["webhooks"] }) {
  if (events.includes("*")) return <span className="badge info">{t.allEvents}</span>;
  return (
    <span className={styles.badges}>
      {events.map((e) => (
        <span key={e} className="badge mono" title={t.eventHelp[e]}>
          {e}
        </span>
      ))}
    </span>
  );
}
