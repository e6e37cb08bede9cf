import { z } from "zod";

/** The admin's choice for an ABNORMAL refund: the payer's bank card (named) or the merchant's. */
export const abnormalRefundSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("USER_BANK_CARD"),
      bankType: z
        .string()
        .trim()
        .regex(/^[A-Z0-9_]{2,32}$/, "bankType is WeChat Pay's bank code, e.g. ICBC_DEBIT"),
      bankAccount: z
        .string()
        .trim()
        .regex(/^\d{8,30}$/, "bankAccount must be 8–30 digits"),
      realName: z.string().trim().min(1, "realName is required").max(32, "realName must be at most 32 characters"),
    })
    .strict(),
  z.object({ type: z.literal("MERCHANT_BANK_CARD") }).strict(),
]);

export type AbnormalRefundChoice = z.infer<typeof abnormalRefundSchema>;
