import type { AdminMessages } from "@/lib/i18n/admin-messages";

/**
 * TEST on a test object's page, whatever the view; and, when the object is of the other mode than
 * the console's view (opened by URL), a line saying the lists do not hold it.
 */
export function ModeBadge({ livemode, t }: { livemode: boolean; t: AdminMessages["mode"] }) {
  return livemode ? null : (
    <span className="badge test" data-testid="test-badge">
      {t.testBadge}
    </span>
  );
}

export function OtherModeNotice({
  livemode,
  viewLivemode,
  t,
}: {
  livemode: boolean;
  viewLivemode: boolean;
  t: AdminMessages["mode"];
}) {
  if (livemode === viewLivemode) return null;
  return (
    <p className="notice small" data-testid="other-mode">
      <span className={livemode ? "badge" : "badge test"}>{livemode ? t.liveBadge : t.testBadge}</span> {t.otherMode}
    </p>
  );
}
