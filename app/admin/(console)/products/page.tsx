import type { Metadata } from "next";
import Link from "next/link";
import { requireAdminPage } from "@/app/_server/require-admin";
import { getMessages } from "@/app/_server/locale";
import { listAdminProducts } from "@/lib/catalog/list-admin-products";
import { getDb } from "@/lib/db/client";
import { formatFen } from "../../_components/format";
import { AdminTable } from "../../_components/admin-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "商品 Products" };

export default async function ProductsPage() {
  const user = await requireAdminPage("/admin/products");
  const [{ t }, db] = await Promise.all([getMessages("admin"), getDb()]);
  const products = await listAdminProducts(db);
  const p = t.products;
  const isAdmin = user.role === "ADMIN";
  return (
    <main className="admin">
      <div className="actions" style={{ justifyContent: "space-between" }}>
        <h1>{p.title}</h1>
        {isAdmin && (
          <Link className="btn small" href="/admin/products/new">
            {p.add}
          </Link>
        )}
      </div>
      <section className="panel">
        <AdminTable
          testId="products"
          rows={products}
          rowKey={(x) => x.id}
          empty={p.empty}
          rowProps={(x) => ({ "data-sku": x.sku })}
          columns={[
            {
              label: p.image,
              className: "thumb-cell",
              cell: (x) =>
                x.imageUrl ? (
                  // eslint-disable-next-line @next/next/no-img-element -- content-addressed, already small
                  <img className="product-thumb" src={x.imageUrl} width={48} height={48} alt="" loading="lazy" />
                ) : (
                  <span className="product-thumb empty" role="img" aria-label={p.noImage}>
                    —
                  </span>
                ),
            },
            {
              label: p.colName,
              cell: (x) => (
                <div>
                  <div>{x.name}</div>
                  <div className="small muted">{x.nameEn}</div>
                  <div className="small mono muted">{x.sku}</div>
                </div>
              ),
            },
            { label: p.colPrice, className: "num", cell: (x) => formatFen(x.priceFen) },
            {
              label: p.status,
              cell: (x) => <span className={`badge ${x.active ? "ok" : ""}`}>{x.active ? p.onSale : p.off}</span>,
            },
            { label: p.colSort, className: "num", cell: (x) => x.sortOrder },
            { label: p.sold, className: "num", cell: (x) => x.soldCount },
            isAdmin && {
              label: p.edit,
              unlabelled: true,
              cell: (x) => (
                <Link href={`/admin/products/${x.id}`} aria-label={`${p.edit} ${x.name}`}>
                  {p.edit}
                </Link>
              ),
            },
          ]}
        />
      </section>
    </main>
  );
}
