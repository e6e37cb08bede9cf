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

/** Values are backtick-prefixed and may contain commas, so rows split on ",`" (as the trade bill). */
function fields(line: string): string[] {
  const body = line.startsWith("`") ? line.slice(1) : line;
  return body.split(",`").map((v) => v.trim());
}

/**
 * Parses a WeChat Pay fund-flow bill (GET /v3/bill/fundflowbill): a header row, one row per
 * movement of the account, then a summary header and row (count, income count and amount,
 * expense count and amount). Columns are found by name; the rows must add up to the summary, so
 * a truncated file is not read as a quiet day. A leading UTF-8 BOM is skipped.
 */
export function parseFundFlowBill(csv: string): FundFlowDay {
  const lines = csv
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  if (lines.length < 3) throw new BillFormatError("fund-flow bill has no header, rows and summary");
  const header = lines[0]!.split(",").map((h) => h.replace(/^`/, "").trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new BillFormatError(`fund-flow bill has no column ${name}`);
    return i;
  };
  const c = { type: col("业务类型"), direction: col("收支类型"), amount: col("收支金额（元）") };
  const summaryAt = lines.findIndex((l) => l.startsWith(SUMMARY_START));
  if (summaryAt < 1 || summaryAt + 1 >= lines.length) throw new BillFormatError("fund-flow bill has no summary");

  const day: FundFlowDay = { count: 0, incomeFen: 0, expenseFen: 0, feesFen: 0, settledFen: 0 };
  for (const line of lines.slice(1, summaryAt)) {
    const v = fields(line);
    if (v.length < header.length)
      throw new BillFormatError(`fund-flow row has ${v.length} of ${header.length} columns`);
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

  const s = fields(lines[summaryAt + 1]!);
  const summary = { count: Number(s[0]), incomeFen: billYuanToFen(s[2] ?? ""), expenseFen: billYuanToFen(s[4] ?? "") };
  if (summary.count !== day.count || summary.incomeFen !== day.incomeFen || summary.expenseFen !== day.expenseFen) {
    throw new BillFormatError(
      `fund-flow rows (${day.count}, +${day.incomeFen}, -${day.expenseFen} fen) do not add up to the summary ` +
        `(${summary.count}, +${summary.incomeFen}, -${summary.expenseFen})`,
    );
  }
  return day;
}
