import type { Metadata } from "next";
import { requireAdminPage } from "@/app/_server/require-admin";
import { getMessages } from "@/app/_server/locale";
import { getAdminView } from "@/app/_server/admin-view";
import { modeName } from "@/lib/admin/admin-mode";
import { listReports } from "@/lib/admin/list-reports";
import { cstDay } from "@/lib/admin/order-filter";
import { getDb } from "@/lib/db/client";
import { formatFen, formatTime } from "../../_components/format";
import { StatusBadge } from "../../_components/status-badge";
import { RunReconciliation } from "./run-reconciliation";
import { AdminTable } from "../../_components/admin-table";

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
        <AdminTable
          testId="reports"
          rows={reports}
          rowKey={(rep) => rep.id}
          empty={r.none}
          columns={[
            { label: r.billDate, className: "mono", cell: (rep) => rep.billDate.toISOString().slice(0, 10) },
            {
              label: r.status,
              cell: (rep) => (
                <>
                  <StatusBadge status={rep.status} label={r.statuses[rep.status]} />
                  {rep.error ? <div className="error small">{rep.error}</div> : null}
                </>
              ),
            },
            {
              label: r.bill,
              className: "num",
              cell: (rep) => (
                <>
                  {rep.billPaymentCount} / {formatFen(rep.billPaidFen)}
                </>
              ),
            },
            { label: r.local, className: "num", cell: (rep) => formatFen(rep.localPaidFen) },
            {
              label: r.refundsCol,
              className: "num",
              cell: (rep) => (
                <>
                  {rep.billRefundCount} / {formatFen(rep.billRefundedFen)}{" "}
                  <span className="muted">({formatFen(rep.localRefundedFen)})</span>
                </>
              ),
            },
            {
              label: r.fees,
              className: "num",
              testId: "fees",
              cell: (rep) => (rep.feesFen === null ? "—" : formatFen(rep.feesFen)),
            },
            {
              label: r.settled,
              className: "num",
              testId: "settled",
              cell: (rep) => (rep.settledFen === null ? "—" : formatFen(rep.settledFen)),
            },
            { label: r.discrepancies, className: "small", cell: (rep) => <Discrepancies list={rep.discrepancies} /> },
            { label: r.triggeredBy, className: "small", cell: (rep) => rep.triggeredBy },
            { label: r.startedAt, className: "small", cell: (rep) => formatTime(rep.startedAt, locale) },
          ]}
        />
      </section>
    </main>
  );
}

/** The first five of a report's discrepancies, and how many more. */
function Discrepancies({ list }: { list: unknown }) {
  const diffs = Array.isArray(list) ? (list as { kind?: string; outTradeNo?: string; outRefundNo?: string }[]) : [];
  if (diffs.length === 0) return "0";
  return (
    <>
      {diffs.slice(0, 5).map((x, i) => (
        <div key={i}>
          {x.kind} <span className="mono">{x.outRefundNo ?? x.outTradeNo}</span>
        </div>
      ))}
      {diffs.length > 5 ? <div className="muted">+{diffs.length - 5}</div> : null}
    </>
  );
}
