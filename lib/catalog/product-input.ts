import { z } from "zod";
import {
  priceToFen,
  problemMessage,
  SORT_ORDER_LIMIT,
  skuProblem,
  textProblem,
  type ProductField,
} from "./product-rules";

// The admin product API's input: validated at the route, one message per offending field in the
// usual VALIDATION_ERROR details (`path` = the field). The rules live in product-rules.ts so the
// admin form can check the same things before sending.

const text = (field: ProductField, kind: "name" | "description") =>
  z
    .string()
    .transform((s) => s.trim())
    .superRefine((s, ctx) => {
      const problem = textProblem(s, kind);
      if (problem) ctx.addIssue({ code: "custom", message: problemMessage(field, problem) });
    });

const price = z
  .union([z.string(), z.number()], { error: "price must be a yuan amount such as 12.34" })
  .transform((v, ctx) => {
    const r = priceToFen(String(v));
    if (r.ok) return r.fen;
    ctx.addIssue({ code: "custom", message: problemMessage("price", r.problem) });
    return z.NEVER;
  })
  .meta({ description: 'Yuan as typed by the admin, e.g. "12.34"; stored as exact integer fen.', example: "12.34" });

const sku = z
  .string()
  .transform((s) => s.trim())
  .superRefine((s, ctx) => {
    const problem = skuProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: problemMessage("sku", problem) });
  })
  .meta({
    description: "Unique stock-keeping unit; blank or absent → generated (P-XXXXXXXX).",
    example: "TEA-PUER-357",
  });

const sortOrder = z
  .number({ error: problemMessage("sortOrder", "FORMAT") })
  .int(problemMessage("sortOrder", "FORMAT"))
  .min(-SORT_ORDER_LIMIT, problemMessage("sortOrder", "FORMAT"))
  .max(SORT_ORDER_LIMIT, problemMessage("sortOrder", "FORMAT"))
  .meta({ description: "Smaller first on the storefront.", example: 10 });

const fields = {
  name: text("name", "name").meta({ description: "Chinese name, 1–60 characters, no emoji.", example: "云南普洱茶饼" }),
  nameEn: text("nameEn", "name").meta({ description: "English name, 1–60 characters.", example: "Pu'er tea cake" }),
  description: text("description", "description").meta({ description: "Chinese description, ≤ 500 characters." }),
  descriptionEn: text("descriptionEn", "description").meta({ description: "English description, ≤ 500 characters." }),
  price,
  active: z.boolean({ error: "active must be true or false" }),
  sortOrder,
  sku,
};

/** POST /api/v1/admin/products */
export const createProductSchema = z
  .object({
    ...fields,
    description: fields.description.default(""),
    descriptionEn: fields.descriptionEn.default(""),
    active: fields.active.default(true),
    sortOrder: fields.sortOrder.default(0),
    sku: fields.sku.optional(),
  })
  .strict()
  .meta({ id: "CreateProduct" });

/** PATCH /api/v1/admin/products/:id: any subset of the fields. */
export const updateProductSchema = z
  .object({
    name: fields.name.optional(),
    nameEn: fields.nameEn.optional(),
    description: fields.description.optional(),
    descriptionEn: fields.descriptionEn.optional(),
    price: fields.price.optional(),
    active: fields.active.optional(),
    sortOrder: fields.sortOrder.optional(),
    sku: fields.sku.optional(),
  })
  .strict()
  .meta({ id: "UpdateProduct" });

export type CreateProductInput = z.output<typeof createProductSchema>;
export type UpdateProductInput = z.output<typeof updateProductSchema>;
