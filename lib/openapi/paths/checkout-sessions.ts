import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { checkoutSessionSchema, createSessionSchema, sessionIdSchema } from "@/lib/checkout-sessions/session-schemas";
import { body, errors, idempotencyKeyHeader, json, replayedHeader } from "../common";

const sessionParam = { path: z.object({ id: sessionIdSchema.meta({ example: "cs_3kTMd9Vq2bXWc7Pz1LrQy8Hn" }) }) };

export const checkoutSessionPaths: ZodOpenApiPathsObject = {
  "/api/v1/checkout/sessions": {
    post: {
      tags: ["Checkout Sessions"],
      summary: "Create a Checkout Session and redirect the shopper to its url",
      description:
        "Line items are catalog products (current price) or lines priced by your server. Scope `checkout:write`.",
      security: [{ apiKey: [] }],
      requestParams: { header: z.object({ "Idempotency-Key": idempotencyKeyHeader.optional() }) },
      requestBody: body(createSessionSchema),
      responses: {
        "201": { description: "Created", content: json(checkoutSessionSchema) },
        "200": {
          description: "An Idempotency-Key replay: the session that key created, as it is now",
          headers: replayedHeader,
          content: json(checkoutSessionSchema),
        },
        ...errors(400, 401, 403, 409, 429),
      },
    },
  },
  "/api/v1/checkout/sessions/{id}": {
    get: {
      tags: ["Checkout Sessions"],
      summary: "Retrieve a Checkout Session",
      description: "Scope `checkout:read`.",
      security: [{ apiKey: [] }],
      requestParams: sessionParam,
      responses: {
        "200": { description: "The session", content: json(checkoutSessionSchema) },
        ...errors(401, 403, 404),
      },
    },
  },
  "/api/v1/checkout/sessions/{id}/expire": {
    post: {
      tags: ["Checkout Sessions"],
      summary: "Expire an open session (closes its payment at WeChat Pay first)",
      description:
        "Scope `checkout:write`. 409 when it is already paid. Repeating it on an expired session is a no-op.",
      security: [{ apiKey: [] }],
      requestParams: sessionParam,
      responses: {
        "200": { description: "The expired session", content: json(checkoutSessionSchema) },
        ...errors(401, 403, 404, 409, 503),
      },
    },
  },
};
