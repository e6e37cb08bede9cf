import type { Db } from "@/lib/db/create-prisma";
import { adminProductSelect, type AdminProduct } from "./admin-product";

export type AdminProductRow = AdminProduct & { soldCount: number; orderedCount: number };

const SOLD_STATUSES = ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"] as const;

/**
 * Every product, active or not, in storefront order, with units sold (paid orders, refunds
 * included) and units ever ordered (any status: a product with any cannot be deleted).
 */
export async function listAdminProducts(db: Db, where: { id?: string } = {}): Promise<AdminProductRow[]> {
  const products = await db.product.findMany({
    where,
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
    select: adminProductSelect,
  });
  const ids = products.map((p) => p.id);
  const [sold, ordered] = await Promise.all([
    db.orderItem.groupBy({
      by: ["productId"],
      where: { productId: { in: ids }, order: { status: { in: [...SOLD_STATUSES] } } },
      _sum: { quantity: true },
    }),
    db.orderItem.groupBy({ by: ["productId"], where: { productId: { in: ids } }, _sum: { quantity: true } }),
  ]);
  const units = (rows: typeof sold) => new Map(rows.map((r) => [r.productId, r._sum.quantity ?? 0]));
  const soldBy = units(sold);
  const orderedBy = units(ordered);
  return products.map((p) => ({ ...p, soldCount: soldBy.get(p.id) ?? 0, orderedCount: orderedBy.get(p.id) ?? 0 }));
}
