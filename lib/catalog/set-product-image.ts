import { createHash } from "node:crypto";
import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Db } from "@/lib/db/create-prisma";
import { BadRequestError, NotFoundError } from "@/lib/errors/app-error";
import { adminProductSelect, type AdminProduct } from "./admin-product";
import { ImageTooLargeError, MAX_IMAGE_BYTES, UnsupportedImageError } from "./image-errors";
import { auditProduct } from "./product-audit";
import { productId } from "./product-id";
import { productImageUrl } from "./product-image-url";
import { sniffImageType } from "./sniff-image-type";

interface SetImageResult {
  product: AdminProduct;
  image: { sha256: string; contentType: string; size: number; url: string; deduplicated: boolean };
}

/**
 * Stores an uploaded image under the SHA-256 of its bytes (the same bytes twice are stored once)
 * and points the product at it; audited in the same transaction. The type comes from the magic
 * bytes only.
 */
export async function setProductImage(
  db: Db,
  rawId: string,
  bytes: Uint8Array<ArrayBuffer>,
  actor: AdminIdentity,
  ip?: string,
): Promise<SetImageResult> {
  const id = productId(rawId);
  if (bytes.length === 0) throw new BadRequestError("The image is empty", { field: "image" }, "IMAGE_EMPTY");
  if (bytes.length > MAX_IMAGE_BYTES) throw new ImageTooLargeError();
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new UnsupportedImageError();
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const url = productImageUrl(sha256);
  return db.$transaction(async (tx) => {
    const before = await tx.product.findUnique({ where: { id }, select: { imageUrl: true } });
    if (!before) throw new NotFoundError("No such product");
    const { count } = await tx.productImage.createMany({
      data: [{ sha256, contentType, size: bytes.length, data: bytes }],
      skipDuplicates: true,
    });
    const product = await tx.product.update({ where: { id }, data: { imageUrl: url }, select: adminProductSelect });
    await auditProduct(
      tx,
      actor,
      "PRODUCT_IMAGE_SET",
      id,
      { sku: product.sku, sha256, contentType, size: bytes.length, from: before.imageUrl, to: url },
      ip,
    );
    return { product, image: { sha256, contentType, size: bytes.length, url, deduplicated: count === 0 } };
  });
}
