import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { createProduct } from "@/lib/catalog/create-product";
import { listAdminProducts } from "@/lib/catalog/list-admin-products";
import { createProductSchema } from "@/lib/catalog/product-input";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

/** Every product, inactive ones too, with units sold; viewers may read. */
export const GET = handle(async () => {
  await requireAdmin();
  return Response.json({ products: await listAdminProducts(await getDb()) });
});

export const POST = handle(async (request: Request) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const input = createProductSchema.parse(await readJson(request));
  const product = await createProduct(await getDb(), input, actor, clientIp(request.headers));
  return Response.json({ product }, { status: 201 });
});
