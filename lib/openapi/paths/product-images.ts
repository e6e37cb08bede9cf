import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { errors } from "../common";

// Product images as the storefront (and a merchant's own shop) load them: content-addressed.

const sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .meta({ description: "SHA-256 hex of the image bytes, as in a product's `imageUrl`." });

export const productImagePaths: ZodOpenApiPathsObject = {
  "/api/v1/product-images/{sha256}": {
    get: {
      tags: ["Shopper"],
      summary: "A product image by the SHA-256 of its bytes (immutable: cache it for a year)",
      requestParams: { path: z.object({ sha256 }) },
      responses: {
        "200": {
          description:
            "The stored bytes with their sniffed type; `ETag` is the quoted hash, `Cache-Control: public, max-age=31536000, immutable`, `X-Content-Type-Options: nosniff`.",
          content: {
            "image/png": { schema: z.string().meta({ format: "binary" }) },
            "image/jpeg": { schema: z.string().meta({ format: "binary" }) },
            "image/webp": { schema: z.string().meta({ format: "binary" }) },
          },
        },
        "304": { description: "`If-None-Match` matched the hash." },
        ...errors(404),
      },
    },
  },
};
