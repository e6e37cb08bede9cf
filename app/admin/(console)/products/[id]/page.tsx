import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdminPage } from "@/app/_server/require-admin";
import { getMessages } from "@/app/_server/locale";
import { getAdminProduct } from "@/lib/catalog/get-admin-product";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors/app-error";
import { fenToYuanString } from "@/lib/money/parse-yuan";
import { ProductForm } from "../product-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "编辑商品 Edit product" };

export default async function EditProductPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdminPage(`/admin/products/${id}`, "ADMIN");
  const [{ t }, db] = await Promise.all([getMessages("admin"), getDb()]);
  const product = await getAdminProduct(db, id).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  return (
    <main className="admin">
      <p className="small">
        <Link href="/admin/products">← {t.products.back}</Link>
      </p>
      <h1>
        {t.products.editTitle} <span className="mono small">{product.sku}</span>
      </h1>
      <section className="panel">
        <ProductForm
          t={t.products}
          product={{
            id: product.id,
            name: product.name,
            nameEn: product.nameEn,
            description: product.description,
            descriptionEn: product.descriptionEn,
            price: fenToYuanString(product.priceFen),
            sortOrder: String(product.sortOrder),
            sku: product.sku,
            active: product.active,
            imageUrl: product.imageUrl,
          }}
        />
      </section>
    </main>
  );
}
