import { readProductImage } from "@/lib/catalog/read-product-image";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { NotFoundError } from "@/lib/errors/app-error";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ sha256: string }> };

/** A product image by the SHA-256 of its bytes: the URL never changes meaning, so cache it forever. */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const { sha256 } = await params;
  const image = await readProductImage(await getDb(), sha256);
  if (!image) throw new NotFoundError("No such image");
  const headers = {
    "Content-Type": image.contentType,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "public, max-age=31536000, immutable",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    ETag: `"${sha256}"`,
  };
  const inm = request.headers.get("if-none-match");
  if (inm && inm.split(",").some((t) => t.trim().replace(/^W\//, "") === `"${sha256}"`)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(image.data, { headers: { ...headers, "Content-Length": String(image.data.length) } });
});
