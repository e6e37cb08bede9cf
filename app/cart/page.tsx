import type { Metadata } from "next";
import { listProducts } from "@/lib/catalog/list-products";
import { getDb } from "@/lib/db/client";
import { getMessages } from "@/app/_server/locale";
import "../orders/checkout.css";
import { CartView } from "./_components/cart-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "购物车 · Cart" };

export default async function CartPage() {
  const [{ locale, t }, db] = await Promise.all([getMessages("shop"), getDb()]);
  const products = (await listProducts(db)).map((p) => ({
    id: p.id,
    name: locale === "en" ? p.nameEn : p.name,
    priceFen: p.priceFen,
  }));
  return (
    <main className="pay-page">
      <h1>{t.cartTitle}</h1>
      <CartView
        products={products}
        labels={{
          cartEmpty: t.cartEmpty,
          cartTotal: t.cartTotal,
          checkout: t.checkout,
          remove: t.remove,
          continueShopping: t.continueShopping,
          placingOrder: t.placingOrder,
          orderFailed: t.orderFailed,
          rateLimited: t.rateLimited,
        }}
      />
    </main>
  );
}
