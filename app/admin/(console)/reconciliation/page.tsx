import type { Metadata } from "next";
import { requireAdminPage } from "@/lib/auth/require-admin";
import { getMessages } from "@/app/_server/locale";
import { getAdminView } from "@/lib/admin/admin-view";
import { modeName } from "@/lib/admin/admin-mode";
import { listReports } from "@/lib/admin/list-reports";
import { cstDay } from "@/lib/admin/order-filter";
import { getDb } from "@/lib/db/client";
import { formatFen, formatTime } from "../../_components/format";
import { StatusBadge } from "../../_components/status-badge";
import { RunReconciliation } from "./run-reconciliation";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "对账 Reconciliation" };

export default async function ReconciliationPage() {
  const user = await requireAdminPage("/admin/reconciliation");
  const [{ t, locale }, db, { livemode }] = await Promise.all([getMessages("admin"), getDb(), getAdminView()]);
  const reports = await listReports(db, livemode);
  const r = t.recon;
  return (
    <main className="admin">
      <h1>{r.title}</h1>
      {user.role === "ADMIN" && (
        <section className="panel">
          <RunReconciliation defaultDate={cstDay(new Date())} mode={modeName(livemode)} t={r} />
        </section>
      )}
      <section className="panel">
        {reports.length === 0 ? (
          <p className="muted">{r.none}</p>
        ) : (
          <table className="tbl stack" data-testid="reports">
            <thead>
              <tr>
                <th>{r.billDate}</th>
                <th>{r.status}</th>
                <th className="num">{r.bill}</th>
                <th className="num">{r.local}</th>
                <th className="num">{r.refundsCol}</th>
                <th className="num">{r.fees}</th>
                <th className="num">{r.settled}</th>
                <th>{r.discrepancies}</th>
                <th>{r.triggeredBy}</th>
                <th>{r.startedAt}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((rep) => {
                const diffs = Array.isArray(rep.discrepancies)
                  ? (rep.discrepancies as { kind?: string; outTradeNo?: string; outRefundNo?: string }[])
                  : [];
                return (
                  <tr key={rep.id}>
                    <td data-label={r.billDate} className="mono">
                      {rep.billDate.toISOString().slice(0, 10)}
                    </td>
                    <td data-label={r.status}>
                      <StatusBadge status={rep.status} label={r.statuses[rep.status]} />
                      {rep.error ? <div className="error small">{rep.error}</div> : null}
                    </td>
                    <td data-label={r.bill} className="num">
                      {rep.billPaymentCount} / {formatFen(rep.billPaidFen)}
                    </td>
                    <td data-label={r.local} className="num">
                      {formatFen(rep.localPaidFen)}
                    </td>
                    <td data-label={r.refundsCol} className="num">
                      {rep.billRefundCount} / {formatFen(rep.billRefundedFen)}{" "}
                      <span className="muted">({formatFen(rep.localRefundedFen)})</span>
                    </td>
                    <td data-label={r.fees} className="num" data-testid="fees">
                      {rep.feesFen === null ? "—" : formatFen(rep.feesFen)}
                    </td>
                    <td data-label={r.settled} className="num" data-testid="settled">
                      {rep.settledFen === null ? "—" : formatFen(rep.settledFen)}
                    </td>
                    <td data-label={r.discrepancies} className="small">
                      {diffs.length === 0
                        ? "0"
                        : diffs.slice(0, 5).map((x, i) => (
                            <div key={i}>
                              {x.kind} <span className="mono">{x.outRefundNo ?? x.outTradeNo}</span>
                            </div>
                          ))}
                      {diffs.length > 5 ? <div className="muted">+{diffs.length - 5}</div> : null}
                    </td>
                    <td data-label={r.triggeredBy} className="small">
                      {rep.triggeredBy}
                    </td>
                    <td data-label={r.startedAt} className="small">
                      {formatTime(rep.startedAt, locale)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
