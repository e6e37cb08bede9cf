import { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import { createOrderInput, orderNoInput, outTradeNoInput } from "@/lib/checkout/order-input";
import { miniProgramPayInput } from "@/lib/checkout-sessions/miniprogram-pay-input";
import { miniProgramSessionInput } from "@/lib/oauth/miniprogram-token";
import { body, errors, json } from "../common";

// The shopper's browser API (no key: anyone may call it, amounts are always the server's).

const product = z
  .object({
    id: z.uuid(),
    sku: z.string(),
    name: z.string(),
    nameEn: z.string(),
    description: z.string(),
    descriptionEn: z.string(),
    priceFen: z.number().int(),
    imageUrl: z
      .string()
      .nullable()
      .meta({ description: "`/api/v1/product-images/<sha256>` when the product has an image.", example: null }),
  })
  .meta({ id: "Product" });

const createdOrder = z
  .object({
    orderNo: z.string().meta({ example: "20261201-7Q4K9MXA" }),
    totalFen: z.number().int(),
    description: z.string(),
    status: z.string(),
    items: z.array(
      z.object({
        productId: z.uuid(),
        name: z.string(),
        unitPriceFen: z.number().int(),
        quantity: z.number().int(),
        lineTotalFen: z.number().int(),
      }),
    ),
  })
  .meta({ id: "ShopperOrder" });

const paymentStatus = z
  .object({
    outTradeNo: z.string(),
    status: z.enum(["PENDING", "PAID", "CLOSED", "FAILED", "PARTIALLY_REFUNDED", "REFUNDED"]),
    orderNo: z.string(),
    orderStatus: z.enum(["PENDING", "PAID", "PARTIALLY_REFUNDED", "REFUNDED", "CLOSED"]),
    amountFen: z.number().int(),
    expiresAt: z.iso.datetime(),
    paidAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "PaymentStatus" });

const prepayBase = { outTradeNo: z.string(), expiresAt: z.iso.datetime(), amountFen: z.number().int() };
const payParams = z.object({
  appId: z.string(),
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal("RSA"),
  paySign: z.string(),
});

const tradeParam = { path: outTradeNoInput };
const placeErrors = errors(400, 404, 409, 502, 503);

/** WeChat Pay's notifications; test mode's simulator posts the same to …/notify/test. */
export const notifyOperation: ZodOpenApiOperationObject = {
  tags: ["WeChat Pay"],
  summary: "WeChat Pay's payment and refund notifications (verified on the raw body)",
  description:
    "Called by WeChat Pay, not by merchants: `Wechatpay-*` headers are verified, the resource decrypted (AEAD_AES_256_GCM) and applied once.",
  requestBody: {
    required: true,
    content: json(
      z.object({
        id: z.string(),
        create_time: z.string(),
        resource_type: z.literal("encrypt-resource"),
        event_type: z.string(),
        summary: z.string(),
        resource: z.object({
          original_type: z.string(),
          algorithm: z.literal("AEAD_AES_256_GCM"),
          ciphertext: z.string(),
          associated_data: z.string(),
          nonce: z.string(),
        }),
      }),
    ),
  },
  responses: {
    "204": { description: "Applied, a duplicate, or a known event that needs nothing" },
    "400": { description: "Malformed", content: json(z.object({ code: z.literal("FAIL"), message: z.string() })) },
    "401": {
      description: "Signature refused",
      content: json(z.object({ code: z.literal("FAIL"), message: z.string() })),
    },
    "500": {
      description: "Transient failure: WeChat Pay retries",
      content: json(z.object({ code: z.literal("FAIL"), message: z.string() })),
    },
  },
};

export const shopperPaths: ZodOpenApiPathsObject = {
  "/api/v1/products": {
    get: {
      tags: ["Shopper"],
      summary: "The active catalog, in display order",
      responses: { "200": { description: "Products", content: json(z.object({ products: z.array(product) })) } },
    },
  },
  "/api/v1/orders": {
    post: {
      tags: ["Shopper"],
      summary: "Create an order from product ids and quantities (priced on the server)",
      requestBody: body(createOrderInput),
      responses: { "201": { description: "The order", content: json(createdOrder) }, ...errors(400, 429) },
    },
  },
  "/api/v1/payments/wechat/native": {
    post: {
      tags: ["Shopper"],
      summary: "Place (or reuse) the Native prepay: a code_url for the QR",
      requestBody: body(orderNoInput),
      responses: {
        "200": { description: "Placed", content: json(z.object({ ...prepayBase, codeUrl: z.string() })) },
        ...placeErrors,
      },
    },
  },
  "/api/v1/payments/wechat/jsapi": {
    post: {
      tags: ["Shopper"],
      summary: "Place the JSAPI prepay for the signed-in WeChat user and sign the pay parameters",
      description: "The payer comes from the snsapi_base OAuth cookie, never the body. 401 carries `details.oauth`.",
      requestBody: body(orderNoInput),
      responses: {
        "200": {
          description: "Placed",
          content: json(
            z.object({
              ...prepayBase,
              payParams: z.object({ bridge: payParams, miniProgram: payParams.omit({ appId: true }) }),
            }),
          ),
        },
        ...errors(400, 401, 404, 409, 502, 503),
      },
    },
  },
  "/api/v1/miniprogram/session": {
    post: {
      tags: ["Mini-program"],
      summary: "Trade wx.login's code for a short-lived session token (the openid, signed)",
      description:
        "The server calls WeChat's `jscode2session` with the mini-program's appid and secret. The token is bound to the openid and expires at `expiresAt` (30 minutes); WeChat's `session_key` is never returned, stored or logged. A bad, used or expired code is 400 `MINIPROGRAM_CODE_INVALID` with WeChat's `errcode` in `details` (40029 invalid, 40163 used); 409 `MINIPROGRAM_NOT_CONFIGURED` without WECHAT_MINIPROGRAM_APP_ID. docs/miniprogram.md.",
      requestBody: body(miniProgramSessionInput),
      responses: {
        "200": {
          description: "The session token",
          content: json(
            z.object({ token: z.string(), expiresAt: z.iso.datetime() }).meta({ id: "MiniProgramSession" }),
          ),
        },
        ...errors(400, 409, 429, 503),
      },
    },
  },
  "/api/v1/payments/wechat/miniprogram": {
    post: {
      tags: ["Mini-program"],
      summary: "Place the JSAPI prepay for the mini-program's payer; the parameters for wx.requestPayment",
      description:
        "`Authorization: Bearer <token>` from POST /api/v1/miniprogram/session (401 without one, or when invalid or expired). Body: exactly one of `orderNo` or `checkoutSessionId`. The prepay is placed with the mini-program's appid and the token's openid (one open attempt per order, reused while valid, as for the web JSAPI route); `paySign` signs `appId\\ntimeStamp\\nnonceStr\\npackage\\n` over the mini-program's appid.",
      security: [{ miniProgramToken: [] }],
      requestBody: body(miniProgramPayInput),
      responses: {
        "200": {
          description: "Pass these five to wx.requestPayment as they are",
          content: json(payParams.omit({ appId: true }).meta({ id: "MiniProgramPayParams" })),
        },
        ...errors(400, 401, 404, 409, 429, 502, 503),
      },
    },
  },
  "/api/v1/payments/wechat/h5": {
    post: {
      tags: ["Shopper"],
      summary: "Place the H5 prepay: an h5_url to send the phone browser to",
      requestBody: body(orderNoInput),
      responses: {
        "200": { description: "Placed", content: json(z.object({ ...prepayBase, h5Url: z.string() })) },
        ...placeErrors,
      },
    },
  },
  "/api/v1/payments/wechat/payment/{outTradeNo}": {
    get: {
      tags: ["Shopper"],
      summary: "A payment attempt's status (one database read; never calls WeChat Pay)",
      description:
        "The payment page's fallback when its status stream (`…/events`) cannot be used: polled every 500 ms. Lost notifications are recovered by the background worker's scheduled queries, not by reads.",
      requestParams: tradeParam,
      responses: { "200": { description: "Status", content: json(paymentStatus) }, ...errors(400, 404) },
    },
  },
  "/api/v1/payments/wechat/payment/{outTradeNo}/events": {
    get: {
      tags: ["Shopper"],
      summary: "The same status as server-sent events: pushed on every change, ends at a terminal state",
      description:
        "`text/event-stream`. The first `status` event is the current status, sent at once; then one `status` event per change (from any app instance: PostgreSQL LISTEN/NOTIFY). The stream ends after a state other than PENDING (payment or order) or shortly after the attempt expires. Comment lines (`: ping`) every 15 s keep it open. Each event's `data` is the PaymentStatus JSON.",
      requestParams: tradeParam,
      responses: {
        "200": {
          description: "Event stream of `event: status` frames whose `data` is a PaymentStatus",
          content: {
            "text/event-stream": {
              schema: z.string().meta({
                example: 'event: status\ndata: {"outTradeNo":"N20261201…","status":"PAID",…}\n\n',
              }),
            },
          },
        },
        ...errors(400, 404),
      },
    },
  },
  "/api/v1/payments/wechat/query/{outTradeNo}": {
    get: {
      tags: ["Shopper"],
      summary: 'The shopper\'s "I have paid": one early query of WeChat Pay, then the stored status',
      description:
        "Queries WeChat Pay unless this payment was queried in the last 5 s or the merchant-wide `WECHAT_QUERY_RATE` is spent this second; either way it answers the stored status.",
      requestParams: tradeParam,
      responses: { "200": { description: "Status", content: json(paymentStatus) }, ...errors(400, 404, 503) },
    },
  },
  "/api/v1/payments/wechat/close": {
    post: {
      tags: ["Shopper"],
      summary: "Close a pending attempt at WeChat Pay (before placing a new code)",
      requestBody: body(outTradeNoInput),
      responses: {
        "200": { description: "Status after closing", content: json(paymentStatus) },
        ...errors(400, 404, 503),
      },
    },
  },
  "/api/v1/payments/wechat/notify": { post: notifyOperation },
};
