import type { RefundStatus, TradeState } from "./state-machine";

export type TradeType = "NATIVE" | "JSAPI" | "MWEB";

export interface Order {
  mchid: string;
  appid: string;
  out_trade_no: string;
  trade_type: TradeType;
  description: string;
  attach?: string;
  notify_url: string;
  total: number;
  currency: string;
  /** Epoch ms (business clock) after which an unpaid order closes; undefined = never. */
  time_expire?: number;
  payer_openid?: string;
  scene_info?: unknown;
  /** Canonical JSON of the request, for re-entry comparison. */
  fingerprint: string;
  created_at: number;
  prepay_id: string;
  /** prepay_id / code_url lifetime (2 h from the last re-entry). */
  prepay_expires_at: number;
  trade_state: TradeState;
  transaction_id?: string;
  success_time?: number;
  bank_type?: string;
  /** Why the order closed: "merchant" (close API), "expired". */
  closed_by?: string;
  refund_nos: string[];
  /** When the last new refund of this order was accepted (the one-per-minute rule). */
  last_refund_at?: number;
}

export interface Refund {
  refund_id: string;
  out_refund_no: string;
  out_trade_no: string;
  transaction_id: string;
  reason?: string;
  notify_url?: string;
  funds_account?: string;
  refund: number;
  total: number;
  currency: string;
  status: RefundStatus;
  create_time: number;
  success_time?: number;
  fingerprint: string;
  /** apply-abnormal-refund: where the money went instead (the account only as its last four digits). */
  abnormal_retry?: {
    type: "USER_BANK_CARD" | "MERCHANT_BANK_CARD";
    bank_type?: string;
    account_last4?: string;
    real_name?: string;
  };
}

/** A short-lived token for a shopper-facing URL (code_url, h5_url). */
export interface PayToken {
  out_trade_no: string;
  expires_at: number;
  kind: "code_url" | "h5_url";
}

interface OAuthCode {
  appid: string;
  user: string;
  expires_at: number;
  /** wx.login codes: spent, kept to answer 40163 on reuse. */
  used?: boolean;
}

interface BillFile {
  content: Buffer;
  /** Served compressed (tar_type=GZIP). */
  gzip: boolean;
  expires_at: number;
}

/** All business state, in memory: a restart forgets it. */
export class Store {
  readonly orders = new Map<string, Order>();
  readonly byTransactionId = new Map<string, string>();
  readonly byPrepayId = new Map<string, string>();
  readonly refunds = new Map<string, Refund>();
  readonly payTokens = new Map<string, PayToken>();
  readonly oauthCodes = new Map<string, OAuthCode>();
  /** wx.login codes of the mini-program (jscode2session). */
  readonly loginCodes = new Map<string, OAuthCode>();
  /** Which appid each openid handed out belongs to: a JSAPI prepay must name the same pair. */
  readonly openidApps = new Map<string, string>();
  readonly bills = new Map<string, BillFile>();

  order(outTradeNo: string): Order | undefined {
    return this.orders.get(outTradeNo);
  }

  orderByTransactionId(id: string): Order | undefined {
    const no = this.byTransactionId.get(id);
    return no === undefined ? undefined : this.orders.get(no);
  }

  orderByPrepayId(id: string): Order | undefined {
    const no = this.byPrepayId.get(id);
    return no === undefined ? undefined : this.orders.get(no);
  }

  refundsOf(order: Order): Refund[] {
    return order.refund_nos.map((n) => this.refunds.get(n)).filter((r): r is Refund => r !== undefined);
  }
}

/** Key-sorted JSON, for comparing request contents regardless of field order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
