import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Db } from "@/lib/db/create-prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ConflictError, NotFoundError } from "@/lib/errors/app-error";
import { adminProductSelect, AUDITED_FIELDS, type AdminProduct } from "./admin-product";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { productId } from "./product-id";
import { auditProduct, type ProductAuditAction } from "./product-audit";
import type { UpdateProductInput } from "./product-input";

type ProductChanges = Record<string, { from: unknown; to: unknown }>;

/** before → after for the fields that actually changed. */
function diffProduct(before: AdminProduct, after: AdminProduct): ProductChanges {
  const changes: ProductChanges = {};
  for (const f of AUDITED_FIELDS) if (before[f] !== after[f]) changes[f] = { from: before[f], to: after[f] };
  return changes;
}

/**
 * Edits a product (the row is locked for the transaction, so the audit diff is exact). One audit
 * row: PRODUCT_DEACTIVATED / PRODUCT_REACTIVATED when `active` flips, PRODUCT_UPDATED otherwise;
 * nothing is written when nothing changes. Orders are untouched: they keep name and price as sold.
 */
export async function updateProduct(
  db: Db,
  rawId: string,
  input: UpdateProductInput,
  actor: AdminIdentity,
  ip?: string,
): Promise<AdminProduct> {
  const id = productId(rawId);
  const { price, sku, ...rest } = input;
  const data: Prisma.ProductUpdateInput = { ...rest };
  if (price !== undefined) data.priceFen = price;
  if (sku) data.sku = sku; // blank keeps the current sku
  try {
    return await db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM products WHERE id = ${id}::uuid FOR UPDATE`;
      if (locked.length === 0) throw new NotFoundError("No such product");
      const before = await tx.product.findUniqueOrThrow({ where: { id }, select: adminProductSelect });
      const changes = diffProduct(before, { ...before, ...(data as Partial<AdminProduct>) });
      if (Object.keys(changes).length === 0) return before;
      const after = await tx.product.update({ where: { id }, data, select: adminProductSelect });
      const action: ProductAuditAction =
        "active" in changes ? (after.active ? "PRODUCT_REACTIVATED" : "PRODUCT_DEACTIVATED") : "PRODUCT_UPDATED";
      await auditProduct(tx, actor, action, id, { sku: after.sku, changes } as Prisma.InputJsonObject, ip);
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ConflictError("SKU_TAKEN", "Another product already has this sku", { field: "sku" });
    throw err;
  }
}
