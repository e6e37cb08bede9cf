import type { Db } from "@/lib/db/create-prisma";

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A stored image by its hash, or null (also for anything that is not a lowercase SHA-256 hex). */
export async function readProductImage(
  db: Db,
  sha256: string,
): Promise<{ contentType: string; data: Uint8Array<ArrayBuffer> } | null> {
  if (!SHA256_HEX.test(sha256)) return null;
  return db.productImage.findUnique({ where: { sha256 }, select: { contentType: true, data: true } });
}
