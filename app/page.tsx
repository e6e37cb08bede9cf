import { listProducts } from "@/lib/catalog/list-products";
import { getDb } from "@/lib/db/client";
import { getMessages } from "@/app/_server/locale";
import { formatFen } from "@/lib/money/format-fen";
import { CartLink } from "./cart/_components/cart-link";
import { ProductActions } from "./cart/_components/product-actions";
import "./orders/checkout.css";

// The catalog is read per request: prices come from the database, never from a cached page.
export const dynamic = "force-dynamic";

const THUMB_COLORS = ["#3e7b4f", "#6b8e23", "#2f5d9c", "#a0522d", "#8e3b5f", "#5a5a5a", "#07c160"];

export default async function HomePage() {
  const [{ locale, t }, db] = await Promise.all([getMessages("shop"), getDb()]);
  const products = await listProducts(db);
  const labels = {
    addToCart: t.addToCart,
    added: t.added,
    buyNow: t.buyNow,
    orderFailed: t.orderFailed,
    rateLimited: t.rateLimited,
  };
  return (
    <main>
      <div style={{ display: "flex", alignItems: "center", gap: 12 }}>
        <h1 style={{ flex: 1 }}>{t.catalogTitle}</h1>
        <CartLink label={t.cartTitle} />
      </div>
      <p className="subtitle">{t.catalogSubtitle}</p>
      {products.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ul className="grid" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {products.map((p, i) => (
            <li key={p.id} className="card" data-testid="product" data-sku={p.sku}>
              {p.imageUrl ? (
                // eslint-disable-next-line @next/next/no-img-element -- content-addressed and cached forever; no optimizer needed
                <img
                  className="thumb thumb-img"
                  src={p.imageUrl}
                  width={320}
                  height={192}
                  alt={locale === "en" ? p.nameEn : p.name}
                  loading={i < 4 ? "eager" : "lazy"}
                  decoding="async"
                />
              ) : (
                <div className="thumb" style={{ background: THUMB_COLORS[i % THUMB_COLORS.length] }} aria-hidden>
                  {p.name.slice(0, 1)}
                </div>
              )}
              <h2>{locale === "en" ? p.nameEn : p.name}</h2>
              {locale !== "en" && <span className="en">{p.nameEn}</span>}
              <p>{locale === "en" ? p.descriptionEn || p.description : p.description}</p>
              <span className="price">{formatFen(p.priceFen)}</span>
              <ProductActions productId={p.id} labels={labels} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
