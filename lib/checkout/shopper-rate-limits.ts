import { clientKey, hitWindow, type WindowRule } from "@/lib/http/rate-limit";
import { rateLimitSql } from "@/lib/http/rate-limit-sql";

/**
 * Per client address, shared by every instance: a person checks out a few times a minute; a
 * script filling the orders table, or spending the merchant's WeChat Pay quota on prepay and
 * close calls, is stopped.
 */
export const ORDERS_PER_MINUTE = 60;
export const ORDER_RULE: WindowRule = { name: "orders", limit: ORDERS_PER_MINUTE, windowMs: 60_000 };
const PAYMENT_CALL_RULE: WindowRule = { name: "payment-calls", limit: 60, windowMs: 60_000 };
const MINIPROGRAM_LOGIN_RULE: WindowRule = { name: "miniprogram-logins", limit: 30, windowMs: 60_000 };

export async function limitOrderCreation(ip: string): Promise<void> {
  await hitWindow(await rateLimitSql(), ORDER_RULE, clientKey(ip));
}

/** Prepay (Native, JSAPI, H5) and close: each is a call to WeChat Pay. */
export async function limitPaymentCalls(ip: string): Promise<void> {
  await hitWindow(await rateLimitSql(), PAYMENT_CALL_RULE, clientKey(ip));
}

/** Mini-program logins: each is a jscode2session call against the mini-program's own quota. */
export async function limitMiniProgramLogins(ip: string): Promise<void> {
  await hitWindow(await rateLimitSql(), MINIPROGRAM_LOGIN_RULE, clientKey(ip));
}
