import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { checkoutSessionSchema } from "@/lib/checkout-sessions/session-schemas";
import { eventObjectSchema, pingObjectSchema } from "@/lib/event-objects/event-object";
import { EVENT_DESCRIPTIONS, EVENT_TYPES, eventObjectKind, type EventType } from "@/lib/events/event-types";
import { listEventsQuerySchema } from "@/lib/event-objects/list-events-query";
import { orderObjectSchema } from "@/lib/orders/order-object";
import { refundObjectSchema } from "@/lib/refunds/refund-object";
import { errors, json } from "../common";

const eventListSchema = z
  .object({ object: z.literal("list"), data: z.array(eventObjectSchema), hasMore: z.boolean() })
  .meta({ id: "EventList" });

export const eventPaths: ZodOpenApiPathsObject = {
  "/api/v1/events": {
    get: {
      tags: ["Events"],
      summary: "List events, oldest first (catch up after an outage)",
      description:
        "Scope `events:read`. Page with `after=<last id>` until `hasMore` is false. The order is commit order, so paging never skips an event that was being written while you read. Each event carries its object's current state. Events are kept 30 days (EVENTS_RETENTION_DAYS).",
      security: [{ apiKey: [] }],
      requestParams: { query: listEventsQuerySchema },
      responses: {
        "200": { description: "A page of events", content: json(eventListSchema) },
        ...errors(400, 401, 403),
      },
    },
  },
};

const objectSchema = {
  "checkout.session": checkoutSessionSchema,
  order: orderObjectSchema,
  refund: refundObjectSchema,
  ping: pingObjectSchema,
} as const;

const signatureHeaders = z.object({
  "webhook-id": z.string().meta({ description: "The event id (evt_…): the same on every retry. Dedupe on it." }),
  "webhook-timestamp": z.string().meta({ description: "Unix seconds of this attempt. Refuse more than 5 min off." }),
  "webhook-signature": z.string().meta({
    description:
      "Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>` keyed by the base64-decoded secret after `whsec_`. Two during a secret rotation's 24 h overlap: accept either.",
  }),
});

export function webhookPayload(type: EventType) {
  const data = z.object({
    object: objectSchema[eventObjectKind(type)],
    ...(type === "payment.flagged" ? { reason: z.string(), outTradeNo: z.string() } : {}),
  });
  return z.object({ type: z.literal(type), timestamp: z.iso.datetime(), data });
}

/** OpenAPI 3.1 `webhooks`: what a subscribed endpoint receives, one entry per event type. */
export const eventWebhooks: ZodOpenApiPathsObject = Object.fromEntries(
  EVENT_TYPES.map((type) => [
    type,
    {
      post: {
        tags: ["Webhooks"],
        summary: type,
        description: `${EVENT_DESCRIPTIONS[type]} Standard Webhooks: verify the signature (e.g. with the \`standardwebhooks\` package), answer 2xx within 10 s; anything else is retried for 3 days.`,
        requestParams: { header: signatureHeaders },
        requestBody: { required: true, content: json(webhookPayload(type)) },
        responses: {
          "200": { description: "Received (any 2xx). 410 Gone disables the endpoint; other answers are retried." },
        },
      },
    },
  ]),
);
