import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { TEST_PAYMENT_ACTIONS } from "@/lib/test-mode/simulate-payment";
import { body, errors, json } from "../common";
import { notifyOperation } from "./shopper";

const tradeParam = { path: z.object({ outTradeNo: z.string() }) };

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
        "`pay_notify_twice`: the same notification delivered twice at once (applied once). `fail`: the bank declines (PAYERROR). " +
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
};
