import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { TEST_PAYMENT_ACTIONS } from "@/lib/test-mode/simulate-payment";
import { TRIGGER_TYPES, triggerRequestSchema } from "@/lib/test-mode/trigger-types";
import { body, errors, json } from "../common";
import { notifyOperation } from "./shopper";

const tradeParam = { path: z.object({ outTradeNo: z.string() }) };

const triggered = z.object({
  type: z.enum(TRIGGER_TYPES),
  checkoutSessionId: z.string().meta({ description: "The test session created for it." }),
  orderNo: z.string(),
  outTradeNo: z
    .string()
    .optional()
    .meta({ description: "The payment attempt placed at the simulator (payment.flagged: the flagged one)." }),
  outRefundNo: z.string().optional().meta({ description: "refund.*: the refund requested." }),
});

/** Test mode (docs/test-mode.md): present only with TEST_MODE=1 or in demo mode; 404 otherwise. */
export const testModePaths: ZodOpenApiPathsObject = {
  "/api/v1/payments/wechat/notify/test": {
    post: {
      ...notifyOperation,
      summary: "Test mode's notifications, from the bundled simulator (verified with its keys, test data only)",
    },
  },
  "/api/v1/test/payments/{outTradeNo}/simulate": {
    post: {
      tags: ["Test mode"],
      summary: "The hosted test page's controls: the simulator plays the shopper on a test payment",
      description:
        "`pay`: paid, notified. `pay_lose_notification`: paid, the notification never arrives (the worker's query finds it). " +
        "`pay_notify_twice`: the same notification delivered twice at once (applied once). `fail`: the bank declines on the phone (the trade stays NOTPAY, nothing is notified). " +
        "Live payments are refused (403 LIVEMODE_MISMATCH).",
      requestParams: tradeParam,
      requestBody: body(z.object({ action: z.enum(TEST_PAYMENT_ACTIONS) })),
      responses: {
        "200": {
          description: "The payment's status right after the action",
          content: json(z.object({ outTradeNo: z.string(), action: z.enum(TEST_PAYMENT_ACTIONS), status: z.string() })),
        },
        ...errors(400, 403, 404, 409),
      },
    },
  },
  "/api/v1/test/trigger": {
    post: {
      tags: ["Test mode"],
      summary:
        "Trigger an event: create test objects and drive the simulator so that event comes through the real pipeline",
      description:
        "Like `stripe trigger`. Scope `checkout:write`, test keys (`sk_test_…`) only: a live key is 403 LIVEMODE_MISMATCH. " +
        "Creates a test Checkout Session (¥1.00, `metadata.trigger` = the type) and plays the shopper and WeChat Pay at the " +
        "simulator: paid (checkout.session.completed, payment.succeeded); a payment attempt placed then the session expired " +
        "(checkout.session.expired); two attempts both paid after a close that never reached WeChat Pay (payment.flagged, " +
        "DOUBLE_PAYMENT); paid then refunded in full, the refund left PROCESSING (refund.created), settled " +
        "(refund.succeeded), closed (refund.failed) or ABNORMAL (refund.abnormal). The event's own objects' other events " +
        "come too (a refunded session was also completed). Answers once the triggering action is done: events carried by " +
        "a notification arrive a moment later (GET /api/v1/events, webhooks). 404 when test mode is off.",
      security: [{ apiKey: [] }],
      requestBody: body(triggerRequestSchema),
      responses: {
        "200": { description: "What was created", content: json(triggered) },
        ...errors(400, 401, 403, 404, 409, 503),
      },
    },
  },
};
