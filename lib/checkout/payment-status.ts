import { getConfig } from "@/lib/config";
import type { Db } from "@/lib/db/create-prisma";
import { NotFoundError } from "@/lib/errors/app-error";
import type { OrderStatus, PaymentStatus } from "@/lib/generated/prisma/enums";
import { closePayment } from "@/lib/payments/close-payment";
import { syncPayment } from "@/lib/payments/sync-payment";
import type { WechatContext } from "@/lib/payments/wechat-context";
import { getLogger } from "@/lib/observability/logger";
import { claimEarlyQuery } from "@/lib/payments/claim-early-query";
import { assertSameMode } from "@/lib/payments/livemode";

/** What the payment page streams or polls: `GET /api/v1/payments/wechat/payment/:outTradeNo`. */
export interface PaymentStatusView {
  outTradeNo: string;
  status: PaymentStatus;
  orderNo: string;
  orderStatus: OrderStatus;
  amountFen: number;
  expiresAt: string;
  paidAt: string | null;
}

/** A shopper's explicit "I have paid" queries WeChat Pay at most this often per payment. */
export const EARLY_QUERY_MIN_GAP_S = 5;

interface StatusRow {
  outTradeNo: string;
  status: PaymentStatus;
  amountFen: number;
  expiresAt: Date;
  paidAt: Date | null;
  livemode: boolean;
  orderNo: string;
  orderStatus: OrderStatus;
}

// One statement, so one snapshot: the payment and its order as of the same moment. (Prisma's
// nested select reads them in two queries; a transition committing between them gave a view
// with the order PAID but the payment still PENDING, measured by bench:flash-sale.)
async function load(db: Db, outTradeNo: string): Promise<StatusRow> {
  const rows = await db.$queryRaw<StatusRow[]>`
    SELECT pa.out_trade_no AS "outTradeNo", pa.status::text AS status, pa.amount_fen AS "amountFen",
           pa.expires_at AS "expiresAt", pa.paid_at AS "paidAt", pa.livemode,
           o.order_no AS "orderNo", o.status::text AS "orderStatus"
    FROM payment_attempts pa JOIN orders o ON o.id = pa.order_id
    WHERE pa.out_trade_no = ${outTradeNo}`;
  const p = rows[0];
  if (!p) throw new NotFoundError("No such payment");
  return p;
}

function view(p: StatusRow): PaymentStatusView {
  return {
    outTradeNo: p.outTradeNo,
    status: p.status,
    orderNo: p.orderNo,
    orderStatus: p.orderStatus,
    amountFen: p.amountFen,
    expiresAt: p.expiresAt.toISOString(),
    paidAt: p.paidAt?.toISOString() ?? null,
  };
}

/**
 * The status read of the page (its stream and its polling fallback): one indexed row, never a
 * call to WeChat Pay. Lost notifications are the worker's job (lib/worker/query-schedule.ts),
 * so the number of open pages does not drive upstream traffic.
 */
export async function readPaymentStatus(db: Db, outTradeNo: string): Promise<PaymentStatusView> {
  return view(await load(db, outTradeNo));
}

/**
 * `GET query/:outTradeNo` and the H5 return page: the shopper says "I have paid". One early
 * active query, unless this payment was queried in the last EARLY_QUERY_MIN_GAP_S (by anyone)
 * or the shared WECHAT_QUERY_RATE is spent this second; then the stored view. A failing query
 * leaves the stored state as the answer.
 */
export async function queryPaymentNow(
  db: Db,
  wechat: WechatContext,
  outTradeNo: string,
  o: { rate?: number; now?: Date } = {},
): Promise<PaymentStatusView> {
  assertSameMode((await load(db, outTradeNo)).livemode, wechat.livemode);
  const rate = o.rate ?? getConfig().wechatQueryRate;
  if (await claimEarlyQuery(db, outTradeNo, { now: o.now, rate, minGapSeconds: EARLY_QUERY_MIN_GAP_S })) {
    try {
      await syncPayment(db, wechat, outTradeNo);
    } catch (err) {
      getLogger("checkout").warn({ err }, "early query failed; answering from the database");
    }
  }
  return view(await load(db, outTradeNo));
}

/** `POST close`: closes a pending attempt (the "new code" button closes, then places anew). */
export async function closePaymentAttempt(
  db: Db,
  wechat: WechatContext,
  outTradeNo: string,
): Promise<PaymentStatusView> {
  assertSameMode((await load(db, outTradeNo)).livemode, wechat.livemode);
  await closePayment(db, wechat, outTradeNo);
  return view(await load(db, outTradeNo));
}
