import { z } from "zod";
import { parseRfc3339 } from "../clock";
import { paramError } from "../http";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** https, or http on loopback (a simulator allowance: real WeChat Pay requires https); no query string. */
const notifyUrl = z
  .string()
  .max(255)
  .refine((v) => {
    try {
      const u = new URL(v);
      if (u.search !== "" || u.hash !== "") return false;
      return u.protocol === "https:" || (u.protocol === "http:" && LOOPBACK.has(u.hostname));
    } catch {
      return false;
    }
  }, "must be an https URL without query string (http allowed on 127.0.0.1 in the simulator)");

/**
 * Production refuses characters outside the Basic Multilingual Plane (4-byte UTF-8: emoji) in
 * description, attach and a refund's reason with PARAM_ERROR. Kept apart from lib/wechatpay's
 * own check on purpose: the simulator is the independent side.
 */
const bmpText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !/[\u{10000}-\u{10FFFF}]/u.test(v), "must not contain characters outside the BMP (4-byte UTF-8)");

const amount = z.object({
  total: z.number().int().min(1),
  currency: z.literal("CNY").optional(),
});

const order = {
  appid: z.string().min(1).max(32),
  mchid: z.string().min(1).max(32),
  description: bmpText(127).pipe(z.string().min(1)),
  out_trade_no: z.string().regex(/^[0-9A-Za-z_\-|*]{6,32}$/, "6 to 32 chars of [0-9A-Za-z_-|*]"),
  time_expire: z
    .string()
    .refine((v) => !Number.isNaN(parseRfc3339(v)), "must be RFC 3339, e.g. 2026-01-01T12:00:00+08:00")
    .optional(),
  attach: bmpText(128).optional(),
  notify_url: notifyUrl,
  goods_tag: z.string().max(32).optional(),
  support_fapiao: z.boolean().optional(),
  amount,
  detail: z.unknown().optional(),
  settle_info: z.unknown().optional(),
};

export const nativeOrder = z.object({ ...order, scene_info: z.unknown().optional() });
export const jsapiOrder = z.object({
  ...order,
  payer: z.object({ openid: z.string().min(1).max(128) }),
  scene_info: z.unknown().optional(),
});
export const h5Order = z.object({
  ...order,
  scene_info: z.object({
    payer_client_ip: z.string().min(1).max(45),
    device_id: z.string().max(32).optional(),
    h5_info: z.object({
      type: z.enum(["Wap", "iOS", "Android"]),
      app_name: z.string().max(64).optional(),
      app_url: z.string().max(128).optional(),
    }),
  }),
});

export const closeBody = z.object({ mchid: z.string().min(1).max(32) });

export const refundBody = z
  .object({
    transaction_id: z.string().min(1).max(32).optional(),
    out_trade_no: z.string().min(1).max(32).optional(),
    out_refund_no: z.string().regex(/^[0-9A-Za-z_\-|*@]{1,64}$/, "1 to 64 chars of [0-9A-Za-z_-|*@]"),
    reason: bmpText(80).optional(),
    notify_url: notifyUrl.optional(),
    funds_account: z.enum(["AVAILABLE", "UNAVAILABLE"]).optional(),
    amount: z.object({
      refund: z.number().int().min(1),
      total: z.number().int().min(1),
      currency: z.literal("CNY"),
      from: z.unknown().optional(),
    }),
    goods_detail: z.unknown().optional(),
  })
  .refine((b) => b.transaction_id !== undefined || b.out_trade_no !== undefined, {
    message: "transaction_id or out_trade_no is required",
    path: ["out_trade_no"],
  });

/** Parses with zod; the first issue becomes PARAM_ERROR with detail.field. */
export function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.map(String).join(".") || "body";
  let v: unknown = value;
  for (const p of issue.path)
    v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p as PropertyKey] : undefined;
  throw paramError(field, issue.message, v);
}

/** POST /v3/refund/domestic/refunds/{refund_id}/apply-abnormal-refund. */
export const abnormalRefundBody = z
  .object({
    out_refund_no: z.string().regex(/^[0-9A-Za-z_\-|*@]{1,64}$/, "1 to 64 chars of [0-9A-Za-z_-|*@]"),
    type: z.enum(["USER_BANK_CARD", "MERCHANT_BANK_CARD"]),
    bank_type: z.string().min(1).max(32).optional(),
    bank_account: z.string().min(1).max(1024).optional(),
    real_name: z.string().min(1).max(1024).optional(),
  })
  .refine((b) => b.type === "MERCHANT_BANK_CARD" || (b.bank_type && b.bank_account && b.real_name), {
    message: "USER_BANK_CARD needs bank_type, bank_account and real_name",
    path: ["bank_account"],
  });
