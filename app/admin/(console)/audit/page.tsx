import type { Metadata } from "next";
import Link from "next/link";
import { requireAdminPage } from "@/app/_server/require-admin";
import { getMessages } from "@/app/_server/locale";
import { listAudit } from "@/lib/admin/list-audit";
import { getDb } from "@/lib/db/client";
import { formatFen, formatTime } from "../../_components/format";
import { Pager } from "../../_components/pager";
import { AdminTable } from "../../_components/admin-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "审计日志 Audit log" };

function detailText(d: unknown): string {
  if (!d || typeof d !== "object") return "";
  const s = Object.entries(d as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(
      ([k, v]) =>
        `${k}=${k.endsWith("Fen") && Number.isSafeInteger(v) ? formatFen(v as number) : typeof v === "object" ? JSON.stringify(v) : String(v)}`,
    )
    .join(" · ");
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const sp = await searchParams;
  const page = Math.max(1, Math.min(100_000, Number.parseInt(sp.page ?? "1", 10) || 1));
  const orderNo = sp.orderNo?.slice(0, 64) || undefined;
  await requireAdminPage("/admin/audit");
  const [{ t, locale }, db] = await Promise.all([getMessages("admin"), getDb()]);
  const result = await listAudit(db, { page, orderNo });
  const a = t.audit;
  const q = (p: number) =>
    `/admin/audit?${new URLSearchParams({ ...(orderNo ? { orderNo } : {}), page: String(p) }).toString()}`;
  return (
    <main className="admin">
      <h1>
        {a.title} {orderNo ? <span className="mono small">{orderNo}</span> : null}
      </h1>
      <section className="panel">
        <AdminTable
          testId="audit"
          rows={result.rows}
          rowKey={(r) => r.id}
          empty={a.empty}
          columns={[
            { label: a.at, className: "small", cell: (r) => formatTime(r.createdAt, locale) },
            { label: a.actor, className: "small", cell: (r) => r.actorEmail },
            {
              label: a.action,
              cell: (r) => (
                <span className={`badge ${r.action.endsWith("FAILED") ? "bad" : ""}`} title={r.action}>
                  {a.actions[r.action] ?? r.action}
                </span>
              ),
            },
            {
              label: a.target,
              className: "mono",
              cell: (r) => (r.targetId ? `${r.targetType}:${r.targetId}` : r.targetType),
            },
            {
              label: a.order,
              cell: (r) =>
                r.orderNo ? (
                  <Link href={`/admin/orders/${r.orderNo}`} className="mono nowrap">
                    {r.orderNo}
                  </Link>
                ) : (
                  "—"
                ),
            },
            { label: a.detail, className: "small muted", cell: (r) => detailText(r.detail) },
            { label: a.ip, className: "small", cell: (r) => r.ip ?? "—" },
          ]}
        />
        <Pager
          page={result.page}
          pageCount={result.pageCount}
          href={q}
          prev={t.orders.prev}
          next={t.orders.next}
          label={t.orders.page(result.page, result.pageCount)}
        />
      </section>
    </main>
  );
}
