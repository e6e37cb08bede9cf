import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Db } from "@/lib/db/create-prisma";
import { ConflictError, NotFoundError } from "@/lib/errors/app-error";
import { adminProductSelect } from "./admin-product";
import { auditProduct } from "./product-audit";
import { productId } from "./product-id";

const SOLD = () =>
  new ConflictError("PRODUCT_SOLD", "This product has been ordered: deactivate it instead of deleting it");

/** Deletes a product that was never ordered (a typo, a test); anything ever ordered is only deactivated. */
export async function deleteProduct(db: Db, rawId: string, actor: AdminIdentity, ip?: string): Promise<void> {
  const id = productId(rawId);
  try {
    await db.$transaction(async (tx) => {
      const before = await tx.product.findUnique({ where: { id }, select: adminProductSelect });
      if (!before) throw new NotFoundError("No such product");
      if ((await tx.orderItem.count({ where: { productId: id } })) > 0) throw SOLD();
      await tx.product.delete({ where: { id } });
      const { id: _id, createdAt: _c, updatedAt: _u, ...detail } = before;
      await auditProduct(tx, actor, "PRODUCT_DELETED", id, detail, ip);
    });
  } catch (err) {
    // An order placed between the count and the delete: the foreign key (RESTRICT) refuses it.
    if ((err as { code?: unknown } | null)?.code === "P2003") throw SOLD();
    throw err;
  }
}
