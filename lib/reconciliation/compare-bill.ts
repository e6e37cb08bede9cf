import type { TradeBill } from "./parse-trade-bill";

export interface LocalPayment {
  outTradeNo: string;
  amountFen: number;
  status: string;
  /** Paid on the bill's date (Beijing time): such a payment must appear in the bill. */
  paidOnDate: boolean;
}

export interface LocalRefund {
  outRefundNo: string;
  outTradeNo: string;
  amountFen: number;
  status: string;
  succeededOnDate: boolean;
}

type Discrepancy = {
  kind: "MISSING_LOCAL" | "MISSING_REMOTE" | "AMOUNT" | "STATUS";
  type: "PAYMENT" | "REFUND";
  outTradeNo: string;
  outRefundNo?: string;
  billFen?: number;
  localFen?: number;
  billStatus?: string;
  localStatus?: string;
};

interface Comparison {
  discrepancies: Discrepancy[];
  billPaidFen: number;
  billRefundedFen: number;
  localPaidFen: number;
  localRefundedFen: number;
}

const PAID = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);

/**
 * Bill against database, both directions. `localPayments` holds every local payment the bill
 * names (whatever its date) plus those paid on the date; likewise for refunds.
 */
export function compareBill(bill: TradeBill, localPayments: LocalPayment[], localRefunds: LocalRefund[]): Comparison {
  const discrepancies: Discrepancy[] = [];
  const payments = new Map(localPayments.map((p) => [p.outTradeNo, p]));
  const refunds = new Map(localRefunds.map((r) => [r.outRefundNo, r]));
  const inBill = new Set<string>();
  const refundsInBill = new Set<string>();

  for (const b of bill.payments) {
    inBill.add(b.outTradeNo);
    const p = payments.get(b.outTradeNo);
    if (!p)
      discrepancies.push({
        kind: "MISSING_LOCAL",
        type: "PAYMENT",
        outTradeNo: b.outTradeNo,
        billFen: b.amountFen,
        billStatus: "SUCCESS",
      });
    else if (!PAID.has(p.status))
      discrepancies.push({
        kind: "STATUS",
        type: "PAYMENT",
        outTradeNo: b.outTradeNo,
        billStatus: "SUCCESS",
        localStatus: p.status,
      });
    else if (p.amountFen !== b.amountFen)
      discrepancies.push({
        kind: "AMOUNT",
        type: "PAYMENT",
        outTradeNo: b.outTradeNo,
        billFen: b.amountFen,
        localFen: p.amountFen,
      });
  }
  for (const p of localPayments) {
    if (p.paidOnDate && !inBill.has(p.outTradeNo))
      discrepancies.push({
        kind: "MISSING_REMOTE",
        type: "PAYMENT",
        outTradeNo: p.outTradeNo,
        localFen: p.amountFen,
        localStatus: p.status,
      });
  }

  for (const b of bill.refunds) {
    refundsInBill.add(b.outRefundNo);
    const r = refunds.get(b.outRefundNo);
    const base = { type: "REFUND" as const, outTradeNo: b.outTradeNo, outRefundNo: b.outRefundNo };
    if (!r) discrepancies.push({ kind: "MISSING_LOCAL", ...base, billFen: b.amountFen, billStatus: b.status });
    else if (r.status !== b.status)
      discrepancies.push({ kind: "STATUS", ...base, billStatus: b.status, localStatus: r.status });
    else if (r.amountFen !== b.amountFen)
      discrepancies.push({ kind: "AMOUNT", ...base, billFen: b.amountFen, localFen: r.amountFen });
  }
  for (const r of localRefunds) {
    if (r.succeededOnDate && !refundsInBill.has(r.outRefundNo)) {
      discrepancies.push({
        kind: "MISSING_REMOTE",
        type: "REFUND",
        outTradeNo: r.outTradeNo,
        outRefundNo: r.outRefundNo,
        localFen: r.amountFen,
        localStatus: r.status,
      });
    }
  }

  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    discrepancies,
    billPaidFen: sum(bill.payments.map((p) => p.amountFen)),
    billRefundedFen: sum(bill.refunds.filter((r) => r.status === "SUCCESS").map((r) => r.amountFen)),
    localPaidFen: sum(localPayments.filter((p) => p.paidOnDate).map((p) => p.amountFen)),
    localRefundedFen: sum(localRefunds.filter((r) => r.succeededOnDate).map((r) => r.amountFen)),
  };
}
