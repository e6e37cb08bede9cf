import { z } from "zod";
import { callApi, segment, sendVerified, type ClientContext, type WithRequestId } from "./call-api";
import { ValidationError } from "./errors";
import { transactionSchema, type Transaction } from "./resources";
import {
  checkAmountFen,
  checkCurrency,
  checkNotifyUrl,
  checkOutTradeNo,
  checkText,
  formatTimeExpire,
} from "./validation";

/** Inputs are camelCase; the library maps them to WeChat Pay's snake_case body. */
export interface OrderInput {
  outTradeNo: string;
  /** ≤ 127 characters. */
  description: string;
  /** Integer fen ≥ 1. */
  amountFen: number;
  /** Only CNY. */
  currency?: "CNY";
  notifyUrl: string;
  timeExpire?: Date | string;
  /** ≤ 128 characters, echoed back in queries and notifications. */
  attach?: string;
  goodsTag?: string;
}

export interface JsapiOrderInput extends OrderInput {
  payerOpenid: string;
  /**
   * The app the payer is in, when it is not the client's own appid: a mini-program bound to the
   * same merchant (the openid belongs to that appid, and WeChat Pay checks the pair).
   */
  appid?: string;
}

export interface H5OrderInput extends OrderInput {
  payerClientIp: string;
  /** `Wap`, `iOS` or `Android`. */
  h5Type?: "Wap" | "iOS" | "Android";
}

function orderBody(ctx: ClientContext, input: OrderInput): Record<string, unknown> {
  const body: Record<string, unknown> = {
    appid: ctx.appid,
    mchid: ctx.mchid,
    description: checkText("description", input.description, 127, true),
    out_trade_no: checkOutTradeNo(input.outTradeNo),
    notify_url: checkNotifyUrl(input.notifyUrl, ctx.allowHttpNotifyUrl),
    amount: { total: checkAmountFen("amount.total", input.amountFen), currency: checkCurrency(input.currency) },
  };
  if (input.timeExpire !== undefined) body.time_expire = formatTimeExpire(input.timeExpire);
  if (input.attach !== undefined) body.attach = checkText("attach", input.attach, 128, false);
  if (input.goodsTag !== undefined) body.goods_tag = checkText("goods_tag", input.goodsTag, 32, true);
  return body;
}

const post = (endpoint: string, path: string, body: unknown) => ({
  endpoint,
  method: "POST" as const,
  pathWithQuery: path,
  body: JSON.stringify(body),
});

export async function createNativeOrder(
  ctx: ClientContext,
  input: OrderInput,
): Promise<WithRequestId<{ code_url: string }>> {
  const schema = z.object({ code_url: z.string().min(1) });
  return callApi(ctx, post("pay.transactions.native", "/v3/pay/transactions/native", orderBody(ctx, input)), schema);
}

export async function createJsapiOrder(
  ctx: ClientContext,
  input: JsapiOrderInput,
): Promise<WithRequestId<{ prepay_id: string }>> {
  const openid = checkText("payer.openid", input.payerOpenid, 128, true);
  const body: Record<string, unknown> = { ...orderBody(ctx, input), payer: { openid } };
  if (input.appid !== undefined) body.appid = checkAppid(input.appid);
  return callApi(
    ctx,
    post("pay.transactions.jsapi", "/v3/pay/transactions/jsapi", body),
    z.object({ prepay_id: z.string().min(1) }),
  );
}

export async function createH5Order(
  ctx: ClientContext,
  input: H5OrderInput,
): Promise<WithRequestId<{ h5_url: string }>> {
  if (!/^[0-9a-fA-F.:]{2,45}$/.test(input.payerClientIp)) {
    throw new ValidationError("scene_info.payer_client_ip", "must be an IPv4 or IPv6 address");
  }
  const body = {
    ...orderBody(ctx, input),
    scene_info: { payer_client_ip: input.payerClientIp, h5_info: { type: input.h5Type ?? "Wap" } },
  };
  return callApi(
    ctx,
    post("pay.transactions.h5", "/v3/pay/transactions/h5", body),
    z.object({ h5_url: z.string().min(1) }),
  );
}

export async function queryOrderByOutTradeNo(
  ctx: ClientContext,
  outTradeNo: string,
): Promise<WithRequestId<Transaction>> {
  const path = `/v3/pay/transactions/out-trade-no/${segment(checkOutTradeNo(outTradeNo))}?mchid=${segment(ctx.mchid)}`;
  return callApi(ctx, { endpoint: "pay.transactions.query", method: "GET", pathWithQuery: path }, transactionSchema);
}

export async function queryOrderByTransactionId(
  ctx: ClientContext,
  transactionId: string,
): Promise<WithRequestId<Transaction>> {
  if (!/^[0-9A-Za-z]{1,32}$/.test(transactionId)) {
    throw new ValidationError("transaction_id", "must be 1-32 chars of [0-9A-Za-z]");
  }
  const path = `/v3/pay/transactions/id/${segment(transactionId)}?mchid=${segment(ctx.mchid)}`;
  return callApi(
    ctx,
    { endpoint: "pay.transactions.query_by_id", method: "GET", pathWithQuery: path },
    transactionSchema,
  );
}

/** 204 on success, repeat closes too. The empty 204 is signed like any 2xx and verified. */
export async function closeOrder(ctx: ClientContext, outTradeNo: string): Promise<{ requestId: string | undefined }> {
  const path = `/v3/pay/transactions/out-trade-no/${segment(checkOutTradeNo(outTradeNo))}/close`;
  const response = await sendVerified(ctx, post("pay.transactions.close", path, { mchid: ctx.mchid }));
  return { requestId: response.requestId };
}

function checkAppid(appid: string): string {
  if (!/^[\w-]{1,32}$/.test(appid)) throw new ValidationError("appid", "is not an appid");
  return appid;
}
