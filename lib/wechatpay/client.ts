import type { KeyObject } from "node:crypto";
import { apiV3KeyBytes } from "./aes-gcm";
import { downloadBill, getFundFlowBill, getTradeBill, type BillType, type TarType } from "./bills";
import { buildAuthorization } from "./build-authorization";
import type { ClientContext } from "./call-api";
import { fetchCertificates } from "./certificates";
import { nowMs, unixSeconds, type Clock } from "./clock";
import { ConfigError } from "./errors";
import { buildJsapiPayParams } from "./jsapi-pay-params";
import { loadPrivateKey } from "./keys";
import { createNonce } from "./nonce";
import {
  closeOrder,
  createH5Order,
  createJsapiOrder,
  createNativeOrder,
  queryOrderByOutTradeNo,
  queryOrderByTransactionId,
} from "./orders";
import { applyAbnormalRefund, createRefund, queryRefund } from "./refunds";
import type { FetchLike, WechatPayCallObserver } from "./transport";
import type { Verifier } from "./verifier";

export interface WechatPayClientOptions {
  mchid: string;
  appid: string;
  /** Merchant API certificate serial (upper-case hex). */
  serialNo: string;
  /** Merchant API private key: PKCS#8 PEM string or KeyObject. */
  privateKey: string | KeyObject;
  /** 32-byte APIv3 key (WECHAT_API_V3_KEY). */
  apiV3Key: string;
  verifier: Verifier;
  /** Default https://api.mch.weixin.qq.com; point it at the simulator in development. */
  baseUrl?: string;
  /**
   * Default https://api2.mch.weixin.qq.com when baseUrl is WeChat Pay's own host, else none (a
   * proxy or another host has no api2 behind it, and failing over past it would bypass it);
   * null disables failover.
   */
  backupBaseUrl?: string | null;
  fetch?: FetchLike;
  clock?: Clock;
  nonce?: () => string;
  /** Per attempt, default 10 000. */
  timeoutMs?: number;
  /** Extra attempts for 5xx, 429, timeouts and network errors, default 2. */
  retries?: number;
  /** First backoff ceiling, doubled each retry, default 200 ms. */
  retryBaseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  userAgent?: string;
  /** Sent as request `Wechatpay-Serial`; default the verifier's preferred serial (public key id). */
  wechatpaySerial?: string;
  /** Accept http notify URLs. Default: true only when baseUrl is not a *.mch.weixin.qq.com host. */
  allowHttpNotifyUrl?: boolean;
  /** Told about every HTTP attempt (endpoint, status, error code, Request-ID, latency): metrics and logs. */
  onCall?: WechatPayCallObserver;
}

const OFFICIAL_HOST = /(^|\.)mch\.weixin\.qq\.com$/i;

function checkOptions(options: WechatPayClientOptions): void {
  if (!/^\d{1,32}$/.test(options.mchid)) throw new ConfigError("WECHAT_MCHID must be the numeric merchant id");
  if (!/^[\w-]{1,32}$/.test(options.appid)) throw new ConfigError("WECHAT_APPID is missing or malformed");
  if (!/^[0-9A-Fa-f]{8,64}$/.test(options.serialNo)) {
    throw new ConfigError("WECHAT_MCH_SERIAL_NO must be the merchant certificate serial (hex)");
  }
  apiV3KeyBytes(options.apiV3Key);
  for (const url of [options.baseUrl, options.backupBaseUrl]) {
    if (url && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(url)) throw new ConfigError("WECHAT_BASE_URL is not a URL");
  }
}

/** api2 backs up WeChat Pay's own gateway only. */
function defaultBackup(baseUrl: string): string | null {
  return new URL(baseUrl).origin === "https://api.mch.weixin.qq.com" ? "https://api2.mch.weixin.qq.com" : null;
}

function buildContext(options: WechatPayClientOptions): ClientContext {
  checkOptions(options);
  const privateKey = loadPrivateKey(options.privateKey);
  const clock = options.clock ?? (() => Date.now());
  const nonce = options.nonce ?? (() => createNonce());
  const serialNo = options.serialNo.toUpperCase();
  const baseUrl = options.baseUrl ?? "https://api.mch.weixin.qq.com";
  return {
    allowHttpNotifyUrl: options.allowHttpNotifyUrl ?? !OFFICIAL_HOST.test(new URL(baseUrl).hostname),
    mchid: options.mchid,
    appid: options.appid,
    apiV3Key: options.apiV3Key,
    privateKey,
    verifier: options.verifier,
    clock,
    nonce,
    transport: {
      baseUrl,
      backupBaseUrl: options.backupBaseUrl === undefined ? defaultBackup(baseUrl) : options.backupBaseUrl,
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      timeoutMs: options.timeoutMs ?? 10_000,
      retries: options.retries ?? 2,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 200,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
      userAgent: options.userAgent ?? "wechatpay-checkout-lib/1.0 (node)",
      wechatpaySerial: options.wechatpaySerial ?? options.verifier.preferredSerial?.(),
      onCall: options.onCall,
      authorize: (method, pathWithQuery, body) =>
        buildAuthorization({
          mchid: options.mchid,
          serialNo,
          privateKey,
          method,
          pathWithQuery,
          body,
          timestamp: unixSeconds(nowMs(clock)),
          nonce: nonce(),
        }),
    },
  };
}

type Tail<F> = F extends (ctx: ClientContext, ...rest: infer R) => infer Out ? (...rest: R) => Out : never;

export interface WechatPayClient {
  readonly mchid: string;
  readonly appid: string;
  createNativeOrder: Tail<typeof createNativeOrder>;
  createJsapiOrder: Tail<typeof createJsapiOrder>;
  createH5Order: Tail<typeof createH5Order>;
  queryOrderByOutTradeNo: Tail<typeof queryOrderByOutTradeNo>;
  queryOrderByTransactionId: Tail<typeof queryOrderByTransactionId>;
  closeOrder: Tail<typeof closeOrder>;
  createRefund: Tail<typeof createRefund>;
  queryRefund: Tail<typeof queryRefund>;
  applyAbnormalRefund: Tail<typeof applyAbnormalRefund>;
  fetchCertificates: Tail<typeof fetchCertificates>;
  getTradeBill: (input: {
    billDate: string;
    billType?: BillType;
    tarType?: TarType;
  }) => ReturnType<typeof getTradeBill>;
  getFundFlowBill: Tail<typeof getFundFlowBill>;
  downloadBill: Tail<typeof downloadBill>;
  /**
   * JSAPI / mini-program pay parameters for a prepay_id, signed with this merchant's key; `appid`
   * is the app the prepay was placed for (default the client's, e.g. a mini-program's).
   */
  buildJsapiPayParams: (prepayId: string, appid?: string) => ReturnType<typeof buildJsapiPayParams>;
}

/** One client per merchant; every endpoint is a small function over the shared context. */
export function createWechatPayClient(options: WechatPayClientOptions): WechatPayClient {
  const ctx = buildContext(options);
  return {
    mchid: ctx.mchid,
    appid: ctx.appid,
    createNativeOrder: (input) => createNativeOrder(ctx, input),
    createJsapiOrder: (input) => createJsapiOrder(ctx, input),
    createH5Order: (input) => createH5Order(ctx, input),
    queryOrderByOutTradeNo: (outTradeNo) => queryOrderByOutTradeNo(ctx, outTradeNo),
    queryOrderByTransactionId: (transactionId) => queryOrderByTransactionId(ctx, transactionId),
    closeOrder: (outTradeNo) => closeOrder(ctx, outTradeNo),
    createRefund: (input) => createRefund(ctx, input),
    queryRefund: (outRefundNo) => queryRefund(ctx, outRefundNo),
    applyAbnormalRefund: (input, key) => applyAbnormalRefund(ctx, input, key),
    fetchCertificates: () => fetchCertificates(ctx),
    getTradeBill: (input) => getTradeBill(ctx, input),
    getFundFlowBill: (input) => getFundFlowBill(ctx, input),
    downloadBill: (downloadUrl, hashValue, opts) => downloadBill(ctx, downloadUrl, hashValue, opts),
    buildJsapiPayParams: (prepayId, appid) =>
      buildJsapiPayParams({
        appid: appid ?? ctx.appid,
        prepayId,
        privateKey: ctx.privateKey,
        timestamp: unixSeconds(nowMs(ctx.clock)),
        nonce: ctx.nonce(),
      }),
  };
}
