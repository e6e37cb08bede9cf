import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { readImageUpload } from "@/lib/catalog/read-image-upload";
import { removeProductImage } from "@/lib/catalog/remove-product-image";
import { setProductImage } from "@/lib/catalog/set-product-image";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";

export const runtime = "nodejs";

type Ctx = { params: Promise<{ id: string }> };

/** multipart/form-data with a part `image`: PNG, JPEG or WebP by its bytes, ≤ 2 MiB. */
export const POST = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const bytes = await readImageUpload(request);
  const result = await setProductImage(await getDb(), (await params).id, bytes, actor, clientIp(request.headers));
  return Response.json(result, { status: 201 });
});

export const DELETE = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const product = await removeProductImage(await getDb(), (await params).id, actor, clientIp(request.headers));
  return Response.json({ product });
});
