import { z } from "zod";
import { isWechatText } from "@/lib/wechatpay";
import { MAX_QUANTITY } from "@/lib/checkout/price-order";

// The merchant API's contract for Checkout Sessions: validated at the route, rendered into the
// OpenAPI document (zod-openapi reads `.meta()`), and used by the generated client in e2e.

/** Text WeChat Pay will accept in `description`: 1–3-byte UTF-8 only, ≤ `max` characters. */
const wechatText = (field: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${field} must not be empty`)
    .refine((s) => [...s].length <= max, { message: `${field} must be at most ${max} characters` })
    .refine(isWechatText, { message: `${field} must not contain emoji or other 4-byte characters` });

const quantity = z
  .number()
  .int("quantity must be an integer")
  .min(1)
  .max(MAX_QUANTITY)
  .meta({ description: "1–99", example: 1 });

const catalogLineItemSchema = z
  .object({
    productId: z.uuid().meta({ description: "A product of the catalog: its current price is used." }),
    quantity,
  })
  .strict()
  .meta({ id: "CatalogLineItem" });

const customLineItemSchema = z
  .object({
    name: wechatText("name", 127).meta({
      description: "Shown to the shopper and sent to WeChat Pay.",
      example: "Annual plan",
    }),
    unitAmountFen: z
      .number()
      .int("unitAmountFen must be an integer number of fen")
      .min(1)
      .max(100_000_000)
      .meta({ description: "Integer fen, priced by your server (it holds the key).", example: 9900 }),
    quantity,
  })
  .strict()
  .meta({ id: "CustomLineItem" });

const httpUrl = (field: string) =>
  z
    .string()
    .max(2048, `${field} must be at most 2048 characters`)
    .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s.replaceAll("{CHECKOUT_SESSION_ID}", "x")), {
      message: `${field} must be an absolute http(s) URL`,
    });

const metadataSchema = z
  .record(
    z.string().min(1).max(40, "metadata keys must be at most 40 characters"),
    z.string().max(500, "metadata values must be at most 500 characters"),
  )
  .refine((m) => Object.keys(m).length <= 20, { message: "metadata takes at most 20 keys" })
  .meta({ description: "Up to 20 string pairs (key ≤ 40, value ≤ 500 characters), returned as given." });

/** POST /api/v1/checkout/sessions */
export const createSessionSchema = z
  .object({
    lineItems: z
      .array(z.union([catalogLineItemSchema, customLineItemSchema]))
      .min(1, "lineItems must not be empty")
      .max(100, "lineItems takes at most 100 items"),
    successUrl: httpUrl("successUrl").meta({
      description: "Where the shopper goes once paid. `{CHECKOUT_SESSION_ID}` is replaced with the session id.",
      example: "https://shop.example.com/thanks?session={CHECKOUT_SESSION_ID}",
    }),
    cancelUrl: httpUrl("cancelUrl").optional().meta({ description: "The page's cancel link." }),
    clientReferenceId: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^\p{Cc}]+$/u, "clientReferenceId must not contain control characters")
      .optional()
      .meta({ description: "Your own id for this checkout (cart, order, user).", example: "order_1042" }),
    metadata: metadataSchema.optional(),
    description: wechatText("description", 127)
      .optional()
      .meta({ description: "What WeChat Pay shows the payer; default: the first item and the count." }),
    expiresInSeconds: z
      .number()
      .int()
      .min(300)
      .max(86_400)
      .optional()
      .meta({ description: "300–86400; default: the payment window." }),
  })
  .strict()
  .meta({ id: "CreateCheckoutSession" });

export type CreateSessionInput = z.infer<typeof createSessionSchema>;

const sessionLineItemSchema = z
  .object({
    productId: z.uuid().nullable(),
    name: z.string(),
    unitAmountFen: z.number().int(),
    quantity: z.number().int(),
    amountFen: z.number().int(),
  })
  .meta({ id: "CheckoutSessionLineItem" });

/** The object every session route answers with. */
export const checkoutSessionSchema = z
  .object({
    id: z.string().meta({ example: "cs_3kTMd9Vq2bXWc7Pz1LrQy8Hn" }),
    object: z.literal("checkout.session"),
    livemode: z.boolean().meta({ description: "false: test data (a sk_test_ key, paid through the simulator)." }),
    status: z.enum(["open", "complete", "expired"]),
    url: z.string().meta({ description: "The hosted payment page: redirect the shopper here." }),
    orderNo: z.string(),
    amountTotalFen: z.number().int().min(1).meta({ description: "Integer fen.", example: 22700 }),
    currency: z.literal("CNY"),
    lineItems: z.array(sessionLineItemSchema),
    clientReferenceId: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    successUrl: z.string(),
    cancelUrl: z.string().nullable(),
    expiresAt: z.iso.datetime(),
    paidAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "CheckoutSession" });

export type CheckoutSessionObject = z.infer<typeof checkoutSessionSchema>;

export const SESSION_ID_PATTERN = /^cs_[0-9A-Za-z]{24,64}$/;
export const sessionIdSchema = z.string().regex(SESSION_ID_PATTERN, "not a checkout session id");
