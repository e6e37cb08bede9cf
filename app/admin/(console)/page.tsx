import Link from "next/link";
import { requireAdminPage } from "@/app/_server/require-admin";
import { attentionLists, dailyStats, refusedNotifications, sumStats, webhookHealth } from "@/lib/admin/dashboard-stats";
import { getMessages } from "@/app/_server/locale";
import { getAdminView } from "@/app/_server/admin-view";
import { getDb } from "@/lib/db/client";
import { primaryLivemode } from "@/lib/payments/mode-contexts";
import { formatFen, formatRate, formatTime } from "../_components/format";
import { formatAge } from "../_components/format-age";
import { StatusBadge } from "../_components/status-badge";
import { VolumeChart } from "../_components/volume-chart";
import { DeleteTestData } from "./delete-test-data";
import { AdminList } from "../_components/admin-list";

export const dynamic = "force-dynamic";

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const user = await requireAdminPage("/admin");
  const [{ t, locale }, db, sp, view] = await Promise.all([
    getMessages("admin"),
    getDb(),
    searchParams,
    getAdminView(),
  ]);
  const { livemode } = view;
  const [days, lists, refused, hooks] = await Promise.all([
    dailyStats(db, livemode, 7),
    attentionLists(db, livemode, primaryLivemode()),
    refusedNotifications(db),
    webhookHealth(db, livemode),
  ]);
  const today = days.at(-1)!;
  const week = sumStats(days);
  const d = t.dashboard;
  return (
    <main className="admin">
      <h1>{d.title}</h1>
      {sp.denied && (
        <p className="notice" role="alert">
          {t.denied}
        </p>
      )}
      <section className="stats" aria-label={d.title}>
        <div className="stat">
          <div className="label">
            {d.today} · {d.volume}
          </div>
          <div className="value" data-testid="today-volume">
            {formatFen(today.paidFen)}
          </div>
          <div className="sub">
            {d.paid} {today.paidOrders} / {d.orders} {today.orders}
          </div>
        </div>
        <div className="stat">
          <div className="label">
            {d.today} · {d.successRate}
          </div>
          <div className="value">{formatRate(today.successRate)}</div>
        </div>
        <div className="stat">
          <div className="label">
            {d.week} · {d.volume}
          </div>
          <div className="value">{formatFen(week.paidFen)}</div>
          <div className="sub">
            {d.paid} {week.paidOrders} / {d.orders} {week.orders}
          </div>
        </div>
        <div className="stat">
          <div className="label">
            {d.week} · {d.successRate}
          </div>
          <div className="value">{formatRate(week.successRate)}</div>
        </div>
      </section>
      <section className="panel">
        <h2>{d.chartTitle}</h2>
        <VolumeChart days={days} title={d.chartTitle} volumeLabel={d.volume} rateLabel={d.successRate} />
      </section>
      <div className="cols">
        <section className="panel">
          <h2>{d.awaiting}</h2>
          <AdminList
            rows={lists.stuckPayments}
            rowKey={(p) => p.outTradeNo}
            empty={d.none}
            item={(p) => (
              <>
                <Link href={`/admin/orders/${p.order.orderNo}`} className="mono">
                  {p.order.orderNo}
                </Link>
                <span className="muted small">
                  {formatFen(p.amountFen)} · {formatTime(p.expiresAt, locale)}
                </span>
              </>
            )}
          />
        </section>
        <section className="panel">
          <h2>{d.refunds}</h2>
          <AdminList
            rows={lists.refunds}
            rowKey={(r) => r.outRefundNo}
            empty={d.none}
            item={(r) => (
              <>
                <Link href={`/admin/orders/${r.payment.order.orderNo}`} className="mono">
                  {r.outRefundNo}
                </Link>
                <span>
                  {formatFen(r.amountFen)} <StatusBadge status={r.status} label={t.refundStatus[r.status]} />
                </span>
              </>
            )}
          />
        </section>
        <section className="panel" data-testid="flagged-notifications">
          <h2>{d.flagged}</h2>
          <AdminList
            rows={lists.notifications}
            rowKey={(n) => n.id}
            empty={d.none}
            item={(n) => (
              <>
                <span>
                  <StatusBadge status="ABNORMAL" label={t.detail.flagged} /> {n.eventType ?? "—"}
                  <span className="muted small"> {n.flagReason}</span>
                </span>
                <span className="muted small">
                  {n.payment ? (
                    <Link href={`/admin/orders/${n.payment.order.orderNo}`}>{n.payment.order.orderNo}</Link>
                  ) : null}{" "}
                  {formatTime(n.receivedAt, locale)}
                </span>
              </>
            )}
          />
        </section>
        <section className="panel" data-testid="refused-notifications">
          <h2>{d.refused}</h2>
          <AdminList
            rows={refused}
            rowKey={(r) => r.reason}
            empty={d.none}
            item={(r) => (
              <>
                <span>
                  <StatusBadge status="REJECTED" label={r.reason} />
                </span>
                <span className="small">
                  <span className="mono">{r.count}</span>{" "}
                  <span className="muted">
                    {d.refusedLastAt} {formatTime(r.lastAt, locale)}
                  </span>
                </span>
              </>
            )}
          />
        </section>
        <section className="panel" data-testid="webhook-health">
          <h2>{d.webhooksFailing}</h2>
          <AdminList
            rows={hooks.failingEndpoints}
            rowKey={(e) => e.id}
            empty={d.none}
            item={(e) => (
              <>
                <Link href={`/admin/webhooks/${e.id}`} className="mono" style={{ overflowWrap: "anywhere" }}>
                  {e.url}
                </Link>
                <span className="small">
                  {e.enabled ? (
                    <span className="badge warn">{t.webhooks.failing}</span>
                  ) : (
                    <span className="badge bad">
                      {t.webhooks.reasons[e.disabledReason ?? ""] ?? t.webhooks.disabled}
                    </span>
                  )}{" "}
                  <span className="muted">
                    {t.webhooks.failingSince} {formatTime(e.failingSince, locale)}
                  </span>
                </span>
              </>
            )}
          />
          <h2 style={{ marginTop: 16 }}>{d.webhookBacklog}</h2>
          <ul className="list">
            <li>
              <span>{d.backlogCount}</span>
              <span className="mono" data-testid="webhook-backlog">
                {hooks.pendingDeliveries}
              </span>
            </li>
            {hooks.oldestPendingAgeMs !== null && (
              <li>
                <span>{d.backlogOldest}</span>
                <span className="mono">{formatAge(hooks.oldestPendingAgeMs, locale)}</span>
              </li>
            )}
          </ul>
        </section>
      </div>
      {!livemode && user.role === "ADMIN" && (
        <section className="panel" data-testid="delete-test-data">
          <h2>{t.testData.title}</h2>
          <p className="muted small">{t.testData.intro}</p>
          <DeleteTestData t={t.testData} />
        </section>
      )}
    </main>
  );
}
