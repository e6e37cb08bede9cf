import { describe, expect, it } from "vitest";
import { BillFormatError } from "@/lib/reconciliation/parse-bill-amount";
import { parseFundFlowBill } from "@/lib/reconciliation/parse-fund-flow-bill";

const HEADER =
  "记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额（元）,账户结余（元）,资金变更提交申请人,备注,业务凭证号";
const row = (type: string, direction: string, yuan: string, balance: string, note = "") =>
  ["2027-03-01 12:00:00", "4200001", "420000101", type, type, direction, yuan, balance, "system", note, "T1"]
    .map((v) => `\`${v}`)
    .join(",");
const bill = (rows: string[], summary: string) =>
  `\uFEFF${HEADER}\r\n${rows.join("\r\n")}\r\n资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额\r\n${summary}\r\n`;

describe("parseFundFlowBill", () => {
  const rows = [
    row("交易", "收入", "29.00", "29.00", "a, with comma"),
    row("扣除交易手续费", "支出", "0.17", "28.83"),
    row("退款", "支出", "9.00", "19.83"),
    row("退还交易手续费", "收入", "0.05", "19.88"),
  ];

  it("sums income, expense and net fees exactly, past a BOM and commas in values", () => {
    expect(parseFundFlowBill(bill(rows, "`4,`2,`29.05,`2,`9.17"))).toEqual({
      count: 4,
      incomeFen: 2905,
      expenseFen: 917,
      feesFen: 12,
      settledFen: 1988,
    });
  });

  it.each([
    ["a row missing (truncated file)", bill(rows.slice(0, 3), "`4,`2,`29.05,`2,`9.17")],
    ["a summary that disagrees", bill(rows, "`4,`2,`29.05,`2,`9.18")],
    ["no summary", `${HEADER}\r\n${rows.join("\r\n")}\r\n`],
    ["an unknown direction", bill([row("交易", "冻结", "1.00", "1.00")], "`1,`0,`0.00,`0,`0.00")],
    ["an amount below one fen", bill([row("交易", "收入", "0.005", "0.00")], "`1,`1,`0.00,`0,`0.00")],
  ])("refuses %s", (_name, csv) => {
    expect(() => parseFundFlowBill(csv)).toThrow(BillFormatError);
  });
});
