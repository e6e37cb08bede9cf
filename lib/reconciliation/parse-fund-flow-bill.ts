import { readBillCsv } from "./bill-csv";
import { BillFormatError, billYuanToFen } from "./parse-bill-amount";

export interface FundFlowDay {
  /** Movements in the file (its summary's count, checked against the rows). */
  count: number;
  incomeFen: number;
  expenseFen: number;
  /** Fees charged minus fees given back (手续费 rows), in fen. */
  feesFen: number;
  /** The day's net settlement: income − expense. */
  settledFen: number;
}

const SUMMARY_START = "资金流水总笔数";

/**
 * Parses a WeChat Pay fund-flow bill (GET /v3/bill/fundflowbill): a header row, one row per
 * movement of the account, then a summary header and row (count, income count and amount,
 * expense count and amount). Columns are found by name; the rows must add up to the summary, so
 * a truncated file is not read as a quiet day. A leading UTF-8 BOM is skipped.
 */
export function parseFundFlowBill(csv: string): FundFlowDay {
  const bill = readBillCsv(csv, "fund-flow bill", SUMMARY_START);
  const c = { type: bill.col("业务类型"), direction: bill.col("收支类型"), amount: bill.col("收支金额（元）") };

  const day: FundFlowDay = { count: 0, incomeFen: 0, expenseFen: 0, feesFen: 0, settledFen: 0 };
  for (const v of bill.rows) {
    const fen = billYuanToFen(v[c.amount]!);
    const income = v[c.direction] === "收入";
    if (!income && v[c.direction] !== "支出")
      throw new BillFormatError(`unknown 收支类型 ${v[c.direction]!.slice(0, 10)}`);
    day.count += 1;
    if (income) day.incomeFen += fen;
    else day.expenseFen += fen;
    if (v[c.type]!.includes("手续费")) day.feesFen += income ? -fen : fen;
  }
  day.settledFen = day.incomeFen - day.expenseFen;

  const s = bill.summary;
  const summary = { count: Number(s[0]), incomeFen: billYuanToFen(s[2] ?? ""), expenseFen: billYuanToFen(s[4] ?? "") };
  if (summary.count !== day.count || summary.incomeFen !== day.incomeFen || summary.expenseFen !== day.expenseFen) {
    throw new BillFormatError(
      `fund-flow rows (${day.count}, +${day.incomeFen}, -${day.expenseFen} fen) do not add up to the summary ` +
        `(${summary.count}, +${summary.incomeFen}, -${summary.expenseFen})`,
    );
  }
  return day;
}
