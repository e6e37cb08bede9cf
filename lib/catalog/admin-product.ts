import type { Prisma } from "@/lib/generated/prisma/client";

/** What the admin API and pages see of a product. */
export const adminProductSelect = {
  id: true,
  sku: true,
  name: true,
  nameEn: true,
  description: true,
  descriptionEn: true,
  priceFen: true,
  imageUrl: true,
  active: true,
  sortOrder: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ProductSelect;

export type AdminProduct = Prisma.ProductGetPayload<{ select: typeof adminProductSelect }>;

/** The fields an audit diff compares (timestamps and the id never change meaningfully). */
export const AUDITED_FIELDS = [
  "sku",
  "name",
  "nameEn",
  "description",
  "descriptionEn",
  "priceFen",
  "imageUrl",
  "active",
  "sortOrder",
] as const;
