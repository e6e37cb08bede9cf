import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { deleteProduct } from "@/lib/catalog/delete-product";
import { getAdminProduct } from "@/lib/catalog/get-admin-product";
import { updateProductSchema } from "@/lib/catalog/product-input";
import { updateProduct } from "@/lib/catalog/update-product";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

type Ctx = { params: Promise<{ id: string }> };

export const GET = handle(async (_request: Request, { params }: Ctx) => {
  await requireAdmin();
  return Response.json({ product: await getAdminProduct(await getDb(), (await params).id) });
});

/** Edit any subset of fields; `{"active": false}` deactivates (the way to retire a sold product). */
export const PATCH = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const input = updateProductSchema.parse(await readJson(request));
  const product = await updateProduct(await getDb(), (await params).id, input, actor, clientIp(request.headers));
  return Response.json({ product });
});

/** Only for a product never ordered; otherwise 409 PRODUCT_SOLD (deactivate it instead). */
export const DELETE = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  await deleteProduct(await getDb(), (await params).id, actor, clientIp(request.headers));
  return new Response(null, { status: 204 });
});
