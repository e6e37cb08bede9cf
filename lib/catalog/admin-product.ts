import type { Prisma } from "@/lib/generated/prisma/client";
import { catalogProductSelect } from "./list-products";

/** What the admin API and pages see of a product: the shopper's view and its management fields. */
export const adminProductSelect = {
  ...catalogProductSelect,
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
