import type { Db } from "@/lib/db/create-prisma";
import type { Prisma } from "@/lib/generated/prisma/client";

/** What a shopper (and the public products route) sees of a product. */
export const catalogProductSelect = {
  id: true,
  sku: true,
  name: true,
  nameEn: true,
  description: true,
  descriptionEn: true,
  priceFen: true,
  imageUrl: true,
} satisfies Prisma.ProductSelect;

type CatalogProduct = Prisma.ProductGetPayload<{ select: typeof catalogProductSelect }>;

/** The storefront: active products only, in the admin's sort order. */
export async function listProducts(db: Db): Promise<CatalogProduct[]> {
  return db.product.findMany({
    where: { active: true },
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
    select: catalogProductSelect,
  });
}
