import {
  priceToFen,
  skuProblem,
  sortOrderProblem,
  textProblem,
  type FieldProblem,
  type ProductField,
} from "./product-rules";

export interface ProductFormValues {
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  price: string;
  sortOrder: string;
  sku: string;
}

/** The form's fields as typed, checked with the server's rules; empty when all is well. */
export function productFormProblems(v: ProductFormValues): Partial<Record<ProductField, FieldProblem>> {
  const out: Partial<Record<ProductField, FieldProblem>> = {};
  const set = (f: ProductField, p: FieldProblem | null) => {
    if (p) out[f] = p;
  };
  set("name", textProblem(v.name, "name"));
  set("nameEn", textProblem(v.nameEn, "name"));
  set("description", textProblem(v.description, "description"));
  set("descriptionEn", textProblem(v.descriptionEn, "description"));
  const price = priceToFen(v.price);
  if (!price.ok) out.price = price.problem;
  set("sortOrder", sortOrderProblem(v.sortOrder));
  set("sku", skuProblem(v.sku));
  return out;
}
