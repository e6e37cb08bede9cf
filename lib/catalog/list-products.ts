import type { Db } from "@/lib/db/create-prisma";

interface CatalogProduct {
  id: string;
  sku: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  priceFen: number;
  imageUrl: string | null;
}

/** The storefront: active products only, in the admin's sort order. */
export async function listProducts(db: Db): Promise<CatalogProduct[]> {
  return db.product.findMany({
    where: { active: true },
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      sku: true,
      name: true,
      nameEn: true,
      description: true,
      descriptionEn: true,
      priceFen: true,
      imageUrl: true,
    },
  });
}
