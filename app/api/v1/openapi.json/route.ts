import { getConfig } from "@/lib/config";
import { buildOpenApiDocument } from "@/lib/openapi/build-document";

export const dynamic = "force-dynamic";

let document: string | undefined;

/** The OpenAPI 3.1 document of /api/v1, built once per process from the routes' zod schemas. */
export function GET() {
  document ??= JSON.stringify(buildOpenApiDocument(getConfig().appUrl));
  return new Response(document, { headers: { "Content-Type": "application/json", "Cache-Control": "no-cache" } });
}
