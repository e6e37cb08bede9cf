import type { Metadata } from "next";
import Link from "next/link";
import { requireAdminPage } from "@/lib/auth/require-admin";
import { getMessages } from "@/app/_server/locale";
import { listAdminProducts } from "@/lib/catalog/list-admin-products";
import { getDb } from "@/lib/db/client";
import { formatFen } from "../../_components/format";

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
        {products.length === 0 ? (
          <p className="muted">{p.empty}</p>
        ) : (
          <table className="tbl stack" data-testid="products">
            <thead>
              <tr>
                <th>{p.image}</th>
                <th>{p.colName}</th>
                <th className="num">{p.colPrice}</th>
                <th>{p.status}</th>
                <th className="num">{p.colSort}</th>
                <th className="num">{p.sold}</th>
                {isAdmin && <th aria-label={p.edit} />}
              </tr>
            </thead>
            <tbody>
              {products.map((x) => (
                <tr key={x.id} data-sku={x.sku}>
                  <td data-label={p.image} className="thumb-cell">
                    {x.imageUrl ? (
                      // eslint-disable-next-line @next/next/no-img-element -- content-addressed, already small
                      <img className="product-thumb" src={x.imageUrl} width={48} height={48} alt="" loading="lazy" />
                    ) : (
                      <span className="product-thumb empty" role="img" aria-label={p.noImage}>
                        —
                      </span>
                    )}
                  </td>
                  <td data-label={p.colName}>
                    <div>
                      <div>{x.name}</div>
                      <div className="small muted">{x.nameEn}</div>
                      <div className="small mono muted">{x.sku}</div>
                    </div>
                  </td>
                  <td data-label={p.colPrice} className="num">
                    {formatFen(x.priceFen)}
                  </td>
                  <td data-label={p.status}>
                    <span className={`badge ${x.active ? "ok" : ""}`}>{x.active ? p.onSale : p.off}</span>
                  </td>
                  <td data-label={p.colSort} className="num">
                    {x.sortOrder}
                  </td>
                  <td data-label={p.sold} className="num">
                    {x.soldCount}
                  </td>
                  {isAdmin && (
                    <td>
                      <Link href={`/admin/products/${x.id}`} aria-label={`${p.edit} ${x.name}`}>
                        {p.edit}
                      </Link>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
