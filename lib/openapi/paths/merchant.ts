import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { orderObjectSchema } from "@/lib/orders/order-object";
import { createRefundSchema } from "@/lib/refunds/merchant-refund-input";
import { refundObjectSchema } from "@/lib/refunds/refund-object";
import { body, errors, idempotencyKeyHeader, json, replayedHeader } from "../common";

const key = [{ apiKey: [] }];

export const merchantPaths: ZodOpenApiPathsObject = {
  "/api/v1/refunds": {
    post: {
      tags: ["Refunds"],
      summary: "Refund (part of) a paid order",
      description:
        "Scope `refunds:write`. `Idempotency-Key` is required: a retry with the same key never refunds twice (the same out_refund_no is sent to WeChat Pay). The sum of refunds never exceeds what was paid; at most 50 per payment. `PROCESSING` means accepted, not yet settled; `REJECTED` means WeChat Pay refused it and nothing moved.",
      security: key,
      requestParams: { header: z.object({ "Idempotency-Key": idempotencyKeyHeader }) },
      requestBody: body(createRefundSchema),
      responses: {
        "201": { description: "The new refund", content: json(refundObjectSchema) },
        "200": {
          description: "An Idempotency-Key replay: the refund that key made",
          headers: replayedHeader,
          content: json(refundObjectSchema),
        },
        ...errors(400, 401, 403, 404, 409, 429, 503),
      },
    },
  },
  "/api/v1/refunds/{id}": {
    get: {
      tags: ["Refunds"],
      summary: "Retrieve a refund (asks WeChat Pay about a quiet PROCESSING one)",
      description: "Scope `orders:read`.",
      security: key,
      requestParams: { path: z.object({ id: z.uuid() }) },
      responses: { "200": { description: "The refund", content: json(refundObjectSchema) }, ...errors(401, 403, 404) },
    },
  },
  "/api/v1/orders/{orderNo}": {
    get: {
      tags: ["Orders"],
      summary: "Retrieve an order with its payments and refunds",
      description: "Scope `orders:read`. A Checkout Session's order carries its id, client reference and metadata.",
      security: key,
      requestParams: { path: z.object({ orderNo: z.string().meta({ example: "20261201-7Q4K9MXA" }) }) },
      responses: { "200": { description: "The order", content: json(orderObjectSchema) }, ...errors(401, 403, 404) },
    },
  },
};
