import type { Metadata } from "next";
import Link from "next/link";
import { requireAdminPage } from "@/app/_server/require-admin";
import { getMessages } from "@/app/_server/locale";
import { ProductForm } from "../product-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "新建商品 New product" };

export default async function NewProductPage() {
  await requireAdminPage("/admin/products/new", "ADMIN");
  const { t } = await getMessages("admin");
  return (
    <main className="admin">
      <p className="small">
        <Link href="/admin/products">← {t.products.back}</Link>
      </p>
      <h1>{t.products.newTitle}</h1>
      <section className="panel">
        <ProductForm t={t.products} />
      </section>
    </main>
  );
}
