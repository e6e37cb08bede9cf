import type { Db } from "@/lib/db/create-prisma";
import type { LocalPayment, LocalRefund } from "./compare-bill";
import type { TradeBill } from "./parse-trade-bill";

const PAID = ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"] as const;

/** Local payments and refunds the comparison needs: those the bill names, and those of the day. */
export async function loadLocalRecords(
  db: Db,
  bill: TradeBill,
  day: { from: Date; to: Date },
  livemode: boolean,
): Promise<{ payments: LocalPayment[]; refunds: LocalRefund[] }> {
  const inDay = (d: Date | null) => d !== null && d >= day.from && d < day.to;
  // One gateway's bill against that mode's rows only: test data never enters a live report.
  const payments = await db.paymentAttempt.findMany({
    where: {
      livemode,
      OR: [
        { outTradeNo: { in: bill.payments.map((p) => p.outTradeNo) } },
        { status: { in: [...PAID] }, paidAt: { gte: day.from, lt: day.to } },
      ],
    },
    select: { outTradeNo: true, amountFen: true, status: true, paidAt: true },
  });
  const refunds = await db.refund.findMany({
    where: {
      livemode,
      OR: [
        { outRefundNo: { in: bill.refunds.map((r) => r.outRefundNo) } },
        { status: "SUCCESS", successAt: { gte: day.from, lt: day.to } },
      ],
    },
    select: {
      outRefundNo: true,
      amountFen: true,
      status: true,
      successAt: true,
      payment: { select: { outTradeNo: true } },
    },
  });
  return {
    payments: payments.map((p) => ({
      outTradeNo: p.outTradeNo,
      amountFen: p.amountFen,
      status: p.status,
      paidOnDate: PAID.includes(p.status as (typeof PAID)[number]) && inDay(p.paidAt),
    })),
    refunds: refunds.map((r) => ({
      outRefundNo: r.outRefundNo,
      outTradeNo: r.payment.outTradeNo,
      amountFen: r.amountFen,
      status: r.status,
      succeededOnDate: r.status === "SUCCESS" && inDay(r.successAt),
    })),
  };
}
