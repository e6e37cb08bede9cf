import type { WechatCredentials } from "@/lib/config";
import type { Db } from "@/lib/db/create-prisma";
import { createNotifyHandler, type NotifyHandlerDeps } from "@/lib/payments/notifications/create-notify-handler";
import { createWechatContext, type WechatContext } from "@/lib/payments/wechat-context";
import { buildSignedNotification, generateTestKeyPair, type TransactionResource } from "@/lib/wechatpay";

export const MCHID = "1900000109";
export const APPID = "wxdemoappid00001";
export const API_V3_KEY = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
export const SERIAL = "PUB_KEY_ID_0114232134912410000000000001";

/** WeChat Pay's side (platform key) and the merchant's context that trusts it. */
export function notifyFixture() {
  const platform = generateTestKeyPair();
  const merchantKey = generateTestKeyPair();
  const credentials: WechatCredentials = {
    mode: "demo",
    appId: APPID,
    appSecret: "secret",
    mchId: MCHID,
    apiV3Key: API_V3_KEY,
    certSerialNo: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
    privateKeyPem: merchantKey.privateKeyPem,
    publicKey: { id: SERIAL, pem: platform.publicKeyPem },
    verifyMode: "public-key",
    gateway: "http://127.0.0.1:9",
    notifyUrl: "http://127.0.0.1:3000/api/v1/payments/wechat/notify",
    oauthBase: "http://127.0.0.1:9",
    snsBase: "http://127.0.0.1:9",
    miniProgram: null,
  };
  const wechat: WechatContext = createWechatContext(credentials, { certificates: false });
  return { platform, wechat };
}

export function handlerFor(db: Db, wechat: WechatContext, over: Partial<NotifyHandlerDeps> = {}) {
  return createNotifyHandler({ getDb: async () => db, getWechat: () => wechat, ...over });
}

export function notifyRequest(
  rawBody: string,
  headers: Record<string, string>,
  url = "http://127.0.0.1:3000/api/v1/payments/wechat/notify",
): Request {
  return new Request(url, {
    method: "POST",
    body: rawBody,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

export function successResource(
  outTradeNo: string,
  total: number,
  over: Partial<TransactionResource> = {},
): TransactionResource {
  return {
    appid: APPID,
    mchid: MCHID,
    out_trade_no: outTradeNo,
    transaction_id: `4200${outTradeNo.replace(/\D/g, "").padEnd(24, "0").slice(0, 24)}`,
    trade_type: "NATIVE",
    trade_state: "SUCCESS",
    trade_state_desc: "支付成功",
    bank_type: "OTHERS",
    success_time: "2026-11-26T10:00:00+08:00",
    payer: { openid: "o-demo-openid" },
    amount: { total, payer_total: total, currency: "CNY", payer_currency: "CNY" },
    ...over,
  };
}

export function signedSuccess(
  privateKeyPem: string,
  resource: unknown,
  opts: { id?: string; now?: number; eventType?: string } = {},
) {
  return buildSignedNotification({
    privateKey: privateKeyPem,
    serial: SERIAL,
    apiV3Key: API_V3_KEY,
    eventType: opts.eventType ?? "TRANSACTION.SUCCESS",
    resource,
    id: opts.id,
    now: opts.now,
  });
}

let seq = 0;
/** A PENDING payment (and its order) as checkout would have stored it. */
export async function pendingPayment(db: Db, amountFen = 2900, tag = "N") {
  seq += 1;
  const stamp = `${Date.now().toString(36)}${seq}`;
  const order = await db.order.create({
    data: { livemode: false, orderNo: `O-${tag}-${stamp}`, totalFen: amountFen, description: "测试商品" },
  });
  return db.paymentAttempt.create({
    data: {
      livemode: false,
      orderId: order.id,
      outTradeNo: `${tag}${stamp}`
        .replace(/[^0-9A-Za-z]/g, "")
        .padEnd(12, "0")
        .slice(0, 32),
      channel: "NATIVE",
      amountFen,
      mchid: MCHID,
      appid: APPID,
      expiresAt: new Date(Date.now() + 7200_000),
    },
  });
}

/** What must not move when a notification is refused or flagged. */
export async function paymentSnapshot(db: Db, paymentId: string) {
  const p = await db.paymentAttempt.findUniqueOrThrow({
    where: { id: paymentId },
    include: { order: { select: { status: true } } },
  });
  const transitions = await db.paymentEvent.count({ where: { paymentId, type: "STATE_CHANGED" } });
  return {
    status: p.status,
    orderStatus: p.order.status,
    transactionId: p.transactionId,
    paidAt: p.paidAt,
    refundedFen: p.refundedFen,
    transitions,
  };
}
