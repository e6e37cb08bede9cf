import { z } from "zod";
import type { ZodOpenApiResponsesObject } from "zod-openapi";

/** Every error answer: `{"error":{"code","message","details?"}}` with a stable code. */
const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "VALIDATION_ERROR" }),
      message: z.string(),
      details: z.unknown().optional().meta({
        description: "For VALIDATION_ERROR: a list of `{path, message}`; otherwise code-specific.",
      }),
    }),
  })
  .meta({ id: "Error" });

const errorContent = { "application/json": { schema: errorSchema } };

/** The error answers a route can give, by status. */
export function errors(...statuses: (400 | 401 | 403 | 404 | 409 | 429 | 502 | 503)[]): ZodOpenApiResponsesObject {
  const text: Record<number, string> = {
    400: "Invalid input (VALIDATION_ERROR with field details, or a specific code); nothing was stored.",
    401: "Missing, unknown or revoked API key (UNAUTHORIZED).",
    403: "The key lacks the scope this route needs (FORBIDDEN).",
    404: "No such object (NOT_FOUND).",
    409: "The object's state forbids it, or an Idempotency-Key was reused with another body.",
    429: "Rate limited (RATE_LIMITED); see Retry-After.",
    502: "WeChat Pay refused the request (UPSTREAM_REJECTED).",
    503: "WeChat Pay is unreachable; retry with the same Idempotency-Key (UPSTREAM_UNAVAILABLE).",
  };
  return Object.fromEntries(statuses.map((s) => [String(s), { description: text[s]!, content: errorContent }]));
}

export const idempotencyKeyHeader = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[\w\-:.]+$/)
  .meta({
    description:
      "8–100 of [A-Za-z0-9_-:.]: the same key and body answer the same object for 24 h; another body is 409.",
    example: "order-1042-attempt-1",
  });

export const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

/** A required JSON request body. */
export const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: json(schema) });

/** Response header of an Idempotency-Key replay. */
export const replayedHeader = z.object({
  "Idempotent-Replayed": z.literal("true").meta({ description: "This answer replays the first one for this key." }),
});
