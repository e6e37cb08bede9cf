import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Db } from "@/lib/db/create-prisma";
import { ConflictError } from "@/lib/errors/app-error";
import { adminProductSelect, type AdminProduct } from "./admin-product";
import { generateSku } from "./generate-sku";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { auditProduct } from "./product-audit";
import type { CreateProductInput } from "./product-input";

/** An admin adds a product; audited in the same transaction. A blank SKU gets a generated one. */
export async function createProduct(
  db: Db,
  input: CreateProductInput,
  actor: AdminIdentity,
  ip?: string,
): Promise<AdminProduct> {
  const { price, sku, ...rest } = input;
  const given = sku?.trim() || null;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await db.$transaction(async (tx) => {
        const product = await tx.product.create({
          data: { ...rest, priceFen: price, sku: given ?? generateSku() },
          select: adminProductSelect,
        });
        const { id: _id, createdAt: _c, updatedAt: _u, ...detail } = product;
        await auditProduct(tx, actor, "PRODUCT_CREATED", product.id, detail, ip);
        return product;
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (given) throw new ConflictError("SKU_TAKEN", "Another product already has this sku", { field: "sku" });
      if (attempt >= 3) throw err;
    }
  }
}
