import { readBillCsv } from "./bill-csv";
import { BillFormatError, billYuanToFen } from "./parse-bill-amount";

export interface BillPayment {
  outTradeNo: string;
  transactionId: string;
  amountFen: number;
  tradeTime: string;
}

export interface BillRefund {
  outTradeNo: string;
  outRefundNo: string;
  refundId: string;
  amountFen: number;
  status: string;
  tradeTime: string;
}

export interface TradeBill {
  payments: BillPayment[];
  refunds: BillRefund[];
  summary: { count: number; settledFen: number; refundedFen: number };
}

const SUMMARY_START = "总交易单数";

/**
 * Parses a WeChat Pay trade bill (bill_type ALL): a header row, one row per SUCCESS payment and
 * REFUND, then a summary header and row. Columns are found by name, not position. The row count
 * and totals are checked against the summary so a truncated file is not read as "no trades".
 */
export function parseTradeBill(csv: string): TradeBill {
  const bill = readBillCsv(csv, "bill", SUMMARY_START);
  const col = bill.col;
  const c = {
    time: col("交易时间"),
    transactionId: col("微信订单号"),
    outTradeNo: col("商户订单号"),
    state: col("交易状态"),
    settled: col("应结订单金额"),
    refundId: col("微信退款单号"),
    outRefundNo: col("商户退款单号"),
    refund: col("退款金额"),
    refundStatus: col("退款状态"),
  };
  const total = bill.optional("订单金额");
  const applied = bill.optional("申请退款金额");

  const payments: BillPayment[] = [];
  const refunds: BillRefund[] = [];
  for (const v of bill.rows) {
    const state = v[c.state]!;
    if (state === "REFUND") {
      refunds.push({
        outTradeNo: v[c.outTradeNo]!,
        outRefundNo: v[c.outRefundNo]!,
        refundId: v[c.refundId]!,
        // 申请退款金额 is what we asked for; 退款金额 may be less when coupons are involved.
        amountFen: billYuanToFen(v[applied >= 0 ? applied : c.refund]!),
        status: v[c.refundStatus]!,
        tradeTime: v[c.time]!,
      });
    } else {
      // SUCCESS (and REVOKED, which a merchant without micropay never sees) are payment rows.
      payments.push({
        outTradeNo: v[c.outTradeNo]!,
        transactionId: v[c.transactionId]!,
        amountFen: billYuanToFen(v[total >= 0 ? total : c.settled]!),
        tradeTime: v[c.time]!,
      });
    }
  }

  const s = bill.summary;
  const summary = {
    count: Number(s[0]),
    settledFen: billYuanToFen(s[1] ?? ""),
    refundedFen: billYuanToFen(s[2] ?? ""),
  };
  if (!Number.isInteger(summary.count) || summary.count !== payments.length + refunds.length) {
    throw new BillFormatError(`bill summary counts ${s[0]} rows, the file has ${payments.length + refunds.length}`);
  }
  return { payments, refunds, summary };
}
