import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { endpointEventsSchema, endpointPatchSchema, newEndpointSchema } from "@/lib/webhooks/endpoints/endpoint-input";
import { body, errors, json } from "../common";

const endpointId = z
  .string()
  .regex(/^we_[0-9A-Za-z]{24}$/)
  .meta({ example: "we_3Hq9ZkT1bVx7LmN2cR8sYp4D" });
const secret = z.string().meta({
  description: "`whsec_` + base64 of 32 random bytes. Shown once.",
  example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw=",
});
const at = z.iso.datetime();

const summary = z
  .object({
    id: endpointId,
    url: z.url(),
    events: z.array(z.string()),
    livemode: z.boolean().meta({ description: "false: a test mode endpoint, sent test events only." }),
    description: z.string(),
    enabled: z.boolean(),
    disabledReason: z
      .enum(["DISABLED_BY_ADMIN", "GONE", "FAILING"])
      .nullable()
      .meta({ description: "GONE: the receiver answered 410. FAILING: no success for 5 days." }),
    disabledAt: at.nullable(),
    secretHint: z.string().meta({ example: "whsec_…Sw=", description: "Never the secret: its last four characters." }),
    previousSecretExpiresAt: at
      .nullable()
      .meta({ description: "Until then the secret before the last rotation signs too." }),
    lastSuccessAt: at.nullable(),
    failingSince: at.nullable(),
    createdBy: z.string(),
    createdAt: at,
    updatedAt: at,
  })
  .meta({ id: "WebhookEndpoint" });

const delivery = z
  .object({
    id: z.uuid(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(["PENDING", "DELIVERED", "FAILED"]),
    attemptCount: z.int(),
    lastStatusCode: z.int().nullable(),
    lastAttemptAt: at.nullable(),
    nextAttemptAt: at,
    deliveredAt: at.nullable(),
    createdAt: at,
  })
  .meta({ id: "WebhookDeliverySummary" });

const idParam = { path: z.object({ id: endpointId }) };
const admin = { tags: ["Admin: webhooks"], security: [{ adminSession: [] }] };
const changes = "ADMIN role; same-origin.";

export const adminWebhookEndpointPaths: ZodOpenApiPathsObject = {
  "/api/v1/admin/webhook-endpoints": {
    get: {
      ...admin,
      summary: "List webhook endpoints of one mode (never their secrets)",
      requestParams: {
        query: z.object({
          mode: z.enum(["live", "test"]).optional().meta({
            description: "Which mode's endpoints (default: the console's live/test switch, the admin_mode cookie).",
          }),
        }),
      },
      responses: {
        "200": {
          description: "Endpoints",
          content: json(z.object({ livemode: z.boolean(), webhookEndpoints: z.array(summary) })),
        },
        ...errors(400, 401),
      },
    },
    post: {
      ...admin,
      summary: "Create a webhook endpoint",
      description: `${changes} The URL must be https and resolve to public addresses only (plain http and private addresses need WEBHOOK_ALLOW_PRIVATE=1; demo mode allows loopback receivers).`,
      requestBody: body(newEndpointSchema.meta({ id: "CreateWebhookEndpoint" })),
      responses: {
        "201": {
          description: "The endpoint with its signing secret, once",
          content: json(
            z
              .object({ id: endpointId, url: z.url(), events: endpointEventsSchema, livemode: z.boolean(), secret })
              .meta({ id: "CreatedWebhookEndpoint" }),
          ),
        },
        ...errors(400, 401, 403),
      },
    },
  },
  "/api/v1/admin/webhook-endpoints/{id}": {
    get: {
      ...admin,
      summary: "A webhook endpoint and its 50 most recent deliveries",
      requestParams: idParam,
      responses: {
        "200": {
          description: "The endpoint",
          content: json(z.object({ webhookEndpoint: summary, recentDeliveries: z.array(delivery) })),
        },
        ...errors(401, 404),
      },
    },
    patch: {
      ...admin,
      summary: "Change a webhook endpoint",
      description: `${changes} Disabling records DISABLED_BY_ADMIN; enabling clears the reason and failingSince.`,
      requestParams: idParam,
      requestBody: body(endpointPatchSchema.meta({ id: "UpdateWebhookEndpoint" })),
      responses: {
        "200": { description: "The endpoint", content: json(z.object({ webhookEndpoint: summary })) },
        ...errors(400, 401, 403, 404),
      },
    },
    delete: {
      ...admin,
      summary: "Delete a webhook endpoint and its deliveries (the events stay)",
      description: changes,
      requestParams: idParam,
      responses: {
        "200": { description: "Deleted", content: json(z.object({ id: endpointId, deleted: z.literal(true) })) },
        ...errors(401, 403, 404),
      },
    },
  },
  "/api/v1/admin/webhook-endpoints/{id}/rotate-secret": {
    post: {
      ...admin,
      summary: "Rotate the signing secret",
      description: `${changes} The old secret keeps signing beside the new one for 24 h (two \`v1,\` signatures).`,
      requestParams: idParam,
      responses: {
        "200": {
          description: "The new secret, once",
          content: json(z.object({ secret, previousSecretExpiresAt: at })),
        },
        ...errors(401, 403, 404),
      },
    },
  },
  "/api/v1/admin/webhook-endpoints/{id}/test": {
    post: {
      ...admin,
      summary: "Send a ping event to this endpoint only",
      description: `${changes} Queued: the delivery engine sends it. 409 ENDPOINT_DISABLED when the endpoint is off.`,
      requestParams: idParam,
      responses: {
        "202": { description: "Queued", content: json(z.object({ eventId: z.string(), deliveryId: z.uuid() })) },
        ...errors(401, 403, 404, 409),
      },
    },
  },
  "/api/v1/admin/webhook-endpoints/{id}/resend-failed": {
    post: {
      ...admin,
      summary: "Resend every failed delivery of this endpoint now",
      description: `${changes} 409 ENDPOINT_DISABLED when the endpoint is off.`,
      requestParams: idParam,
      responses: {
        "200": { description: "How many were queued again", content: json(z.object({ count: z.int() })) },
        ...errors(401, 403, 404, 409),
      },
    },
  },
  "/api/v1/admin/webhook-deliveries/{id}/resend": {
    post: {
      ...admin,
      summary: "Resend one delivery now (PENDING, due now, whatever its status)",
      description: `${changes} 409 ENDPOINT_DISABLED when its endpoint is off.`,
      requestParams: { path: z.object({ id: z.uuid() }) },
      responses: {
        "200": {
          description: "The delivery, queued",
          content: json(
            z.object({
              delivery: z.object({
                id: z.uuid(),
                status: z.literal("PENDING"),
                nextAttemptAt: at,
                previousStatus: z.enum(["PENDING", "DELIVERED", "FAILED"]),
              }),
            }),
          ),
        },
        ...errors(401, 403, 404, 409),
      },
    },
  },
};
