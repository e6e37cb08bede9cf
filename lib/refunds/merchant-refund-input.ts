import { z } from "zod";
import { ORDER_NO_PATTERN } from "@/lib/checkout/identifiers";
import { SESSION_ID_PATTERN } from "@/lib/checkout-sessions/session-schemas";
import { idempotencyKeySchema } from "@/lib/http/idempotency-key";
import { refundReasonSchema } from "./refund-request";

/** POST /api/v1/refunds: which order (exactly one of its two names), how much, why. */
export const createRefundSchema = z
  .object({
    checkoutSessionId: z
      .string()
      .regex(SESSION_ID_PATTERN, "checkoutSessionId is not a checkout session id")
      .optional()
      .meta({
        description: "The session whose order to refund (or give orderNo).",
        example: "cs_3kTMd9Vq2bXWc7Pz1LrQy8Hn",
      }),
    orderNo: z
      .string()
      .regex(ORDER_NO_PATTERN, "orderNo is not an order number")
      .optional()
      .meta({ description: "The order to refund (or give checkoutSessionId).", example: "20261201-7Q4K9MXA" }),
    amountFen: z
      .number()
      .int("amountFen must be an integer number of fen")
      .min(1, "amountFen must be at least 1")
      .max(2_147_483_647)
      .meta({
        description: "Integer fen; all refunds of a payment together never exceed what was paid.",
        example: 500,
      }),
    reason: refundReasonSchema.default("").meta({
      description: "Shown to the payer by WeChat Pay: at most 80 characters, no emoji.",
      example: "Returned item",
    }),
  })
  .strict()
  .refine((b) => (b.checkoutSessionId === undefined) !== (b.orderNo === undefined), {
    message: "give exactly one of checkoutSessionId and orderNo",
    path: ["orderNo"],
  })
  .meta({
    id: "CreateRefund",
    description: "Send an Idempotency-Key header: a retry with the same key and body answers the same refund.",
  });

export type CreateRefundInput = z.infer<typeof createRefundSchema>;

const idempotencyHeader = z.object({
  "Idempotency-Key": z.string({ error: "the Idempotency-Key header is required" }).pipe(idempotencyKeySchema),
});

/** The REQUIRED Idempotency-Key header; missing or malformed → 400 with the header as the path. */
export function parseIdempotencyKey(header: string | null): string {
  return idempotencyHeader.parse({ "Idempotency-Key": header ?? undefined })["Idempotency-Key"];
}
