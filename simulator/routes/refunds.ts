import { constants, privateDecrypt, type KeyObject } from "node:crypto";
import type { SimContext } from "../context";
import { assertRefundMove, assertTradeMove } from "../state-machine";
import { WxError, json, parseJsonObject, type SimResponse } from "../http";
import { MAX_REFUNDS_PER_ORDER, newRefundId, refundView, scheduleSettlement } from "../refunds";
import { canonicalJson, type Refund } from "../store";
import { getOrder } from "../trades";
import { abnormalRefundBody, refundBody, validate } from "./schemas";
import type { Route } from "./types";

/** At least a minute between new refunds of one order (a resubmitted out_refund_no is not limited). */
const REFUND_INTERVAL_MS = 60_000;

export const refundRoutes: Route[] = [
  {
    method: "POST",
    pattern: /^\/v3\/refund\/domestic\/refunds$/,
    endpoint: "refund",
    handle(r): SimResponse {
      const { ctx } = r;
      const raw = parseJsonObject(r.body);
      const body = validate(refundBody, raw);
      const order =
        body.out_trade_no !== undefined
          ? getOrder(ctx, body.out_trade_no)
          : ctx.store.orderByTransactionId(body.transaction_id!);
      if (!order || (body.transaction_id !== undefined && order.transaction_id !== body.transaction_id)) {
        throw new WxError(404, "ORDER_NOT_EXIST", "订单不存在 (order does not exist)");
      }
      const fingerprint = canonicalJson({ ...raw, out_trade_no: order.out_trade_no, transaction_id: undefined });
      const existing = ctx.store.refunds.get(body.out_refund_no);
      if (existing) {
        if (existing.fingerprint !== fingerprint) {
          throw new WxError(
            400,
            "INVALID_REQUEST",
            "商户退款单号已存在，且与原请求参数不一致 (out_refund_no reused with different content)",
            {
              field: "out_refund_no",
              value: body.out_refund_no,
              location: "body",
            },
          );
        }
        return json(200, refundView(existing));
      }
      if (order.trade_state !== "SUCCESS" && order.trade_state !== "REFUND") {
        throw new WxError(400, "INVALID_REQUEST", "订单未支付，不能退款 (order not paid)", {
          field: "out_trade_no",
          location: "body",
        });
      }
      if (body.amount.total !== order.total) {
        throw new WxError(
          400,
          "INVALID_REQUEST",
          "订单金额与原订单不一致 (amount.total differs from the order total)",
          {
            field: "amount.total",
            value: body.amount.total,
            location: "body",
          },
        );
      }
      if (ctx.clock.now() - order.success_time! > 365 * 24 * 3600 * 1000) {
        throw new WxError(400, "INVALID_REQUEST", "订单已超过退款期限 (more than 365 days after payment)");
      }
      const refunds = ctx.store.refundsOf(order).filter((x) => x.status !== "CLOSED");
      if (order.refund_nos.length >= MAX_REFUNDS_PER_ORDER) {
        throw new WxError(
          403,
          "RULE_LIMIT",
          `部分退款次数超过上限${MAX_REFUNDS_PER_ORDER}次 (at most ${MAX_REFUNDS_PER_ORDER} refunds per order)`,
        );
      }
      const refunded = refunds.reduce((s, x) => s + x.refund, 0);
      if (refunded + body.amount.refund > order.total) {
        throw new WxError(
          400,
          "INVALID_REQUEST",
          "申请退款金额超过订单可退金额 (refund exceeds the refundable amount)",
          {
            field: "amount.refund",
            value: body.amount.refund,
            issue: `refundable: ${order.total - refunded}`,
            location: "body",
          },
        );
      }
      // "同一笔订单多次退款的请求需相隔1分钟". Production's answer to a faster one is unconfirmed:
      // 429 FREQUENCY_LIMITED, which a merchant retries later with the same out_refund_no.
      if (order.last_refund_at !== undefined && ctx.clock.now() - order.last_refund_at < REFUND_INTERVAL_MS) {
        throw new WxError(
          429,
          "FREQUENCY_LIMITED",
          "同一笔订单多次退款的请求需相隔1分钟 (one refund per order per minute)",
        );
      }
      const refund: Refund = {
        refund_id: newRefundId(),
        out_refund_no: body.out_refund_no,
        out_trade_no: order.out_trade_no,
        transaction_id: order.transaction_id!,
        reason: body.reason,
        notify_url: body.notify_url,
        funds_account: body.funds_account,
        refund: body.amount.refund,
        total: body.amount.total,
        currency: body.amount.currency,
        status: "PROCESSING",
        create_time: ctx.clock.now(),
        fingerprint,
      };
      ctx.store.refunds.set(refund.out_refund_no, refund);
      order.refund_nos.push(refund.out_refund_no);
      order.last_refund_at = ctx.clock.now();
      if (order.trade_state === "SUCCESS") {
        assertTradeMove(order.trade_state, "REFUND");
        order.trade_state = "REFUND";
      }
      scheduleSettlement(ctx, refund);
      return json(200, refundView(refund));
    },
  },
  {
    method: "GET",
    pattern: /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/,
    endpoint: "refund-query",
    handle(r): SimResponse {
      const refund = r.ctx.store.refunds.get(decodeURIComponent(r.params[0]!));
      if (!refund) throw new WxError(404, "RESOURCE_NOT_EXISTS", "退款单不存在 (refund does not exist)");
      return json(200, refundView(refund));
    },
  },
  {
    method: "POST",
    pattern: /^\/v3\/refund\/domestic\/refunds\/([^/]+)\/apply-abnormal-refund$/,
    endpoint: "refund",
    handle(r): SimResponse {
      const { ctx } = r;
      const body = validate(abnormalRefundBody, parseJsonObject(r.body));
      const refundId = decodeURIComponent(r.params[0]!);
      const refund = [...ctx.store.refunds.values()].find((x) => x.refund_id === refundId);
      if (!refund) throw new WxError(404, "RESOURCE_NOT_EXISTS", "退款单不存在 (refund does not exist)");
      if (refund.out_refund_no !== body.out_refund_no)
        throw new WxError(400, "INVALID_REQUEST", "out_refund_no 与 refund_id 不匹配 (out_refund_no does not match)");
      if (refund.status !== "ABNORMAL")
        throw new WxError(400, "INVALID_REQUEST", "退款单状态不是异常，无法发起异常退款 (refund is not ABNORMAL)");
      if (body.type === "USER_BANK_CARD") {
        const key = decryptionKey(r.ctx, r.headers["wechatpay-serial"]);
        const account = decrypt(key, body.bank_account!, "bank_account");
        const name = decrypt(key, body.real_name!, "real_name");
        if (!/^\d{8,30}$/.test(account))
          throw new WxError(400, "PARAM_ERROR", "银行卡号格式错误 (bank_account is not a card number)", {
            field: "bank_account",
            location: "body",
          });
        refund.abnormal_retry = {
          type: body.type,
          bank_type: body.bank_type,
          account_last4: account.slice(-4),
          real_name: name,
        };
      } else {
        refund.abnormal_retry = { type: body.type };
      }
      assertRefundMove(refund.status, "PROCESSING");
      refund.status = "PROCESSING";
      scheduleSettlement(ctx, refund);
      return json(200, refundView(refund));
    },
  },
];

/** The private key matching the Wechatpay-Serial the merchant encrypted for (public key or platform certificate). */
function decryptionKey(ctx: SimContext, serial: string | string[] | undefined): KeyObject {
  if (serial === ctx.identity.publicKeyId) return ctx.identity.publicKeyPrivate;
  const certificate = typeof serial === "string" ? ctx.certificates.bySerial(serial) : undefined;
  if (certificate) return certificate.privateKey;
  throw new WxError(
    400,
    "PARAM_ERROR",
    "Wechatpay-Serial 无效，无法解密敏感信息 (unknown Wechatpay-Serial for encrypted fields)",
    {
      field: "Wechatpay-Serial",
      location: "header",
    },
  );
}

function decrypt(key: KeyObject, b64: string, field: string): string {
  try {
    return privateDecrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
      Buffer.from(b64, "base64"),
    ).toString("utf8");
  } catch {
    throw new WxError(400, "PARAM_ERROR", `${field} 解密失败 (cannot decrypt ${field})`, { field, location: "body" });
  }
}
