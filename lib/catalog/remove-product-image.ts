import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Db } from "@/lib/db/create-prisma";
import { NotFoundError } from "@/lib/errors/app-error";
import { adminProductSelect, type AdminProduct } from "./admin-product";
import { auditProduct } from "./product-audit";
import { productId } from "./product-id";

/**
 * The product shows no image any more. The stored bytes stay: they are content-addressed, may be
 * shared by another product, and an old URL keeps working for caches that hold it.
 */
export async function removeProductImage(
  db: Db,
  rawId: string,
  actor: AdminIdentity,
  ip?: string,
): Promise<AdminProduct> {
  const id = productId(rawId);
  return db.$transaction(async (tx) => {
    const before = await tx.product.findUnique({ where: { id }, select: { imageUrl: true } });
    if (!before) throw new NotFoundError("No such product");
    const product = await tx.product.update({ where: { id }, data: { imageUrl: null }, select: adminProductSelect });
    if (before.imageUrl !== null) {
      await auditProduct(tx, actor, "PRODUCT_IMAGE_REMOVED", id, { sku: product.sku, from: before.imageUrl }, ip);
    }
    return product;
  });
}
