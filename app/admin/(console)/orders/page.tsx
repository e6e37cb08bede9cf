import type { Metadata } from "next";
import Link from "next/link";
import { requireAdminPage } from "@/app/_server/require-admin";
import { getMessages } from "@/app/_server/locale";
import { getAdminView } from "@/app/_server/admin-view";
import { modeName } from "@/lib/admin/admin-mode";
import { listOrders } from "@/lib/admin/list-orders";
import { filterQuery, parseOrderFilter } from "@/lib/admin/order-filter";
import { OrderStatus } from "@/lib/generated/prisma/enums";
import { getDb } from "@/lib/db/client";
import { formatFen, formatTime } from "../../_components/format";
import { AdminTable } from "../../_components/admin-table";
import { Pager } from "../../_components/pager";
import { StatusBadge } from "../../_components/status-badge";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "订单 Orders" };

export default async function OrdersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const f = parseOrderFilter(sp);
  await requireAdminPage(`/admin/orders${filterQuery(f)}`);
  const [{ t, locale }, db, { livemode }] = await Promise.all([getMessages("admin"), getDb(), getAdminView()]);
  const result = await listOrders(db, livemode, f);
  // The export names the mode it was shown in, so a switch in another tab cannot change the file.
  const exportQuery = new URLSearchParams(filterQuery({ ...f, page: 1 }));
  exportQuery.set("mode", modeName(livemode));
  const o = t.orders;
  return (
    <main className="admin">
      <h1>
        {o.title} <span className="muted small">{o.count(result.total)}</span>
      </h1>
      <form className="panel filters" method="get" action="/admin/orders" role="search">
        <label className="field wide">
          {o.search}
          <input name="q" defaultValue={f.q ?? ""} placeholder="20261126-… / out_trade_no / 4200…" />
        </label>
        <label className="field">
          {o.status}
          <select name="status" defaultValue={f.status ?? ""}>
            <option value="">{o.anyStatus}</option>
            {Object.values(OrderStatus).map((s) => (
              <option key={s} value={s}>
                {t.orderStatus[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {o.from}
          <input type="date" name="from" defaultValue={f.from ?? ""} />
        </label>
        <label className="field">
          {o.to}
          <input type="date" name="to" defaultValue={f.to ?? ""} />
        </label>
        <div className="actions wide">
          <button className="btn small" type="submit">
            {o.apply}
          </button>
          <Link className="btn small secondary" href="/admin/orders">
            {o.reset}
          </Link>
          <a className="btn small secondary" href={`/api/v1/admin/orders/export?${exportQuery}`} download>
            {o.export}
          </a>
        </div>
      </form>
      <section className="panel">
        <AdminTable
          rows={result.rows}
          rowKey={(r) => r.id}
          empty={o.empty}
          columns={[
            {
              label: o.orderNo,
              cell: (r) => (
                <Link href={`/admin/orders/${r.orderNo}`} className="mono">
                  {r.orderNo}
                </Link>
              ),
            },
            { label: o.status, cell: (r) => <StatusBadge status={r.status} label={t.orderStatus[r.status]} /> },
            { label: o.amount, className: "num", cell: (r) => formatFen(r.totalFen) },
            { label: o.outTradeNo, className: "mono", cell: (r) => shownPayment(r)?.outTradeNo ?? "—" },
            { label: o.transactionId, className: "mono", cell: (r) => shownPayment(r)?.transactionId ?? "—" },
            { label: o.createdAt, className: "small", cell: (r) => formatTime(r.createdAt, locale) },
          ]}
        />
        <Pager
          page={result.page}
          pageCount={result.pageCount}
          href={(page) => `/admin/orders${filterQuery(f, { page })}`}
          prev={o.prev}
          next={o.next}
          label={o.page(result.page, result.pageCount)}
        />
      </section>
    </main>
  );
}

/** The attempt a row shows: the paid one, else the latest. */
function shownPayment<P extends { paidAt: Date | null }>(r: { payments: P[] }): P | undefined {
  return r.payments.find((x) => x.paidAt) ?? r.payments[0];
}
