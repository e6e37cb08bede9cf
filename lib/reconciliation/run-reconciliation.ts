import type { Prisma, ReconciliationReport } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/create-prisma";
import type { WechatContext } from "@/lib/payments/wechat-context";
import { WechatPayApiError } from "@/lib/wechatpay";
import { beijingDay } from "./beijing-day";
import { compareBill } from "./compare-bill";
import { loadLocalRecords } from "./load-local-records";
import { parseFundFlowBill, type FundFlowDay } from "./parse-fund-flow-bill";
import { parseTradeBill, type TradeBill } from "./parse-trade-bill";
import { getLogger } from "@/lib/observability/logger";

const EMPTY_BILL: TradeBill = { payments: [], refunds: [], summary: { count: 0, settledFen: 0, refundedFen: 0 } };

/**
 * Reconciles one Beijing date (YYYY-MM-DD) and stores the result as a ReconciliationReport:
 * download the trade bill (its SHA1 is checked by lib/wechatpay), parse it exactly, compare with
 * the local payments and refunds both ways. MATCHED, MISMATCHED (discrepancies listed) or
 * FAILED (error kept). Never throws for a bill problem: the report says what went wrong.
 */
export async function runReconciliation(
  db: Db,
  wechat: WechatContext,
  billDate: string,
  triggeredBy: string,
): Promise<ReconciliationReport> {
  const day = beijingDay(billDate);
  const report = await db.reconciliationReport.create({
    data: {
      billDate: new Date(`${billDate}T00:00:00Z`),
      livemode: wechat.livemode,
      triggeredBy: triggeredBy.slice(0, 200),
    },
  });
  return reconcileInto(db, wechat, report.id, billDate, day);
}

/** Fills an already created RUNNING report (the worker claims the row first, then runs). */
export async function reconcileInto(
  db: Db,
  wechat: WechatContext,
  reportId: string,
  billDate: string,
  day = beijingDay(billDate),
): Promise<ReconciliationReport> {
  try {
    const { bill, hashValue } = await fetchBill(wechat, billDate);
    const fundFlow = await fetchFundFlow(wechat, billDate);
    const local = await loadLocalRecords(db, bill, day, wechat.livemode);
    const result = compareBill(bill, local.payments, local.refunds);
    return await db.reconciliationReport.update({
      where: { id: reportId },
      data: {
        status: result.discrepancies.length === 0 ? "MATCHED" : "MISMATCHED",
        hashValue,
        billPaymentCount: bill.payments.length,
        billRefundCount: bill.refunds.length,
        billPaidFen: result.billPaidFen,
        billRefundedFen: result.billRefundedFen,
        localPaidFen: result.localPaidFen,
        localRefundedFen: result.localRefundedFen,
        feesFen: fundFlow?.feesFen ?? null,
        settledFen: fundFlow?.settledFen ?? null,
        discrepancies: result.discrepancies as unknown as Prisma.InputJsonValue,
        finishedAt: new Date(),
      },
    });
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    getLogger("reconciliation").warn({ billDate }, `reconciliation ${billDate} failed: ${message}`);
    return db.reconciliationReport.update({
      where: { id: reportId },
      data: { status: "FAILED", error: message.slice(0, 500), finishedAt: new Date() },
    });
  }
}

async function fetchBill(
  wechat: WechatContext,
  billDate: string,
): Promise<{ bill: TradeBill; hashValue: string | null }> {
  let meta;
  try {
    // GZIP as in production: a busy day's CSV is megabytes; the hash covers the decompressed file.
    meta = await wechat.client.getTradeBill({ billDate, billType: "ALL", tarType: "GZIP" });
  } catch (err) {
    // A day without a single trade has no bill: that is an empty bill, not a failure.
    if (err instanceof WechatPayApiError && err.code === "NO_STATEMENT_EXIST")
      return { bill: EMPTY_BILL, hashValue: null };
    throw err;
  }
  const file = await wechat.client.downloadBill(meta.download_url, meta.hash_value, { tarType: "GZIP" });
  return { bill: parseTradeBill(file.text), hashValue: meta.hash_value };
}

const QUIET_DAY: FundFlowDay = { count: 0, incomeFen: 0, expenseFen: 0, feesFen: 0, settledFen: 0 };

/**
 * The basic account's fund flow for the day (fees, net settlement), shown beside the trade bill.
 * It does not decide MATCHED/MISMATCHED: when it cannot be had, the report keeps null and says why
 * in the log, rather than failing a trade reconciliation that went through.
 */
async function fetchFundFlow(wechat: WechatContext, billDate: string): Promise<FundFlowDay | null> {
  try {
    const meta = await wechat.client.getFundFlowBill({ billDate, accountType: "BASIC", tarType: "GZIP" });
    const file = await wechat.client.downloadBill(meta.download_url, meta.hash_value, { tarType: "GZIP" });
    return parseFundFlowBill(file.text);
  } catch (err) {
    if (err instanceof WechatPayApiError && err.code === "NO_STATEMENT_EXIST") return QUIET_DAY;
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    getLogger("reconciliation").warn({ billDate }, `fund-flow bill ${billDate} unavailable: ${message}`);
    return null;
  }
}
