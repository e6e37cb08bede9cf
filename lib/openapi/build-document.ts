import { createDocument } from "zod-openapi";
import { adminApiKeyPaths } from "./paths/admin-api-keys";
import { adminWebhookEndpointPaths } from "./paths/admin-webhook-endpoints";
import { checkoutSessionPaths } from "./paths/checkout-sessions";
import { eventPaths, eventWebhooks } from "./paths/events";
import { merchantPaths } from "./paths/merchant";
import { productImagePaths } from "./paths/product-images";
import { shopperPaths } from "./paths/shopper";
import { testModePaths } from "./paths/test-mode";

/**
 * The OpenAPI 3.1 document of the public /api/v1 routes, generated from the zod schemas the
 * routes validate with (zod-openapi). Served at /api/v1/openapi.json, rendered at /docs/api,
 * and the source of the typed client in e2e/merchant (openapi-typescript + openapi-fetch).
 */
export function buildOpenApiDocument(serverUrl?: string) {
  const doc = createDocument({
    openapi: "3.1.0",
    info: {
      title: "WeChat Pay checkout API",
      version: "1.0.0",
      description:
        "Checkout Sessions, refunds, orders and events for merchants' servers (Bearer API keys), webhooks to merchants' endpoints, the shopper's payment API, and WeChat Pay's notification endpoint. Money is integer fen; currency CNY.",
    },
    servers: serverUrl ? [{ url: serverUrl }] : undefined,
    tags: [
      { name: "Checkout Sessions", description: "Create a session, send the shopper to its url, learn it was paid." },
      { name: "Refunds" },
      { name: "Orders" },
      { name: "Events", description: "What happened, for catching up; the same events are sent as webhooks." },
      {
        name: "Webhooks",
        description: "Sent to your endpoints (Standard Webhooks), signed with the endpoint's secret.",
      },
      { name: "Shopper", description: "Called by the hosted pages in the shopper's browser." },
      {
        name: "Mini-program",
        description: "Called by the merchant's WeChat mini-program (wx.request); docs/miniprogram.md.",
      },
      { name: "WeChat Pay", description: "Called by WeChat Pay." },
      { name: "Admin: API keys", description: "The admin console's key management (admin session cookie)." },
      {
        name: "Admin: webhooks",
        description: "The admin console's webhook endpoints and resends (admin session cookie).",
      },
    ],
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "`Authorization: Bearer sk_…` (an API key from /admin/api-keys).",
        },
        miniProgramToken: {
          type: "http",
          scheme: "bearer",
          description: "`Authorization: Bearer <token>` from POST /api/v1/miniprogram/session (30 minutes).",
        },
        adminSession: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The admin console's session.",
        },
      },
    },
    paths: {
      ...checkoutSessionPaths,
      ...merchantPaths,
      ...eventPaths,
      ...shopperPaths,
      ...productImagePaths,
      ...adminApiKeyPaths,
      ...adminWebhookEndpointPaths,
      ...testModePaths,
    },
    webhooks: eventWebhooks,
  });
  return withBodyLimits(doc);
}

const BODY_LIMIT_RESPONSES = {
  "413": {
    description: "The body is larger than 16 KB (PAYLOAD_TOO_LARGE).",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
  "415": {
    description: "The body is not sent as `Content-Type: application/json` (UNSUPPORTED_MEDIA_TYPE).",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
};

/** Every operation with a JSON body reads it through lib/http/read-json: say so once, here. */
function withBodyLimits<D extends ReturnType<typeof createDocument>>(doc: D): D {
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item ?? {})) {
      const o = op as { requestBody?: { content?: Record<string, unknown> }; responses?: Record<string, unknown> };
      if (o?.requestBody?.content?.["application/json"] && o.responses)
        Object.assign(o.responses, BODY_LIMIT_RESPONSES);
    }
  }
  return doc;
}
