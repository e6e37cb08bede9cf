import { beijingDate, beijingDateTime } from "./clock";
import type { SimContext } from "./context";
import { feeFen, row } from "./bill";
import { yuan } from "./http";

export type AccountType = "BASIC" | "OPERATION" | "FEES";

const HEADER =
  "记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额（元）,账户结余（元）,资金变更提交申请人,备注,业务凭证号";
const SUMMARY_HEADER = "资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额";

interface Flow {
  at: number;
  transactionId: string;
  flowNo: string;
  name: string;
  income: boolean;
  fen: number;
  voucher: string;
}

/**
 * Every movement of the basic account, oldest first: a payment's income and its fee, a
 * refund's expense and the fee given back. Fees are taken from the basic account (the usual
 * case; merchants with a separate fees account see them there instead: unconfirmed here, so
 * OPERATION and FEES stay empty).
 */
function basicFlows(ctx: SimContext): Flow[] {
  const flows: Flow[] = [];
  for (const o of ctx.store.orders.values()) {
    if (o.success_time === undefined || !o.transaction_id) continue;
    const base = { at: o.success_time, transactionId: o.transaction_id, voucher: o.out_trade_no };
    flows.push({ ...base, flowNo: `${o.transaction_id}01`, name: "交易", income: true, fen: o.total });
    const fee = feeFen(o.total);
    if (fee > 0)
      flows.push({ ...base, flowNo: `${o.transaction_id}02`, name: "扣除交易手续费", income: false, fen: fee });
  }
  for (const r of ctx.store.refunds.values()) {
    if (r.status !== "SUCCESS" || r.success_time === undefined) continue;
    const base = { at: r.success_time, transactionId: r.refund_id, voucher: r.out_refund_no };
    flows.push({ ...base, flowNo: `${r.refund_id}01`, name: "退款", income: false, fen: r.refund });
    const fee = feeFen(r.refund);
    if (fee > 0) flows.push({ ...base, flowNo: `${r.refund_id}02`, name: "退还交易手续费", income: true, fen: fee });
  }
  return flows.sort((a, b) => a.at - b.at || a.flowNo.localeCompare(b.flowNo));
}

/**
 * The fund-flow bill of one account for one Beijing date: a UTF-8 BOM, backtick-prefixed values,
 * yuan amounts, the balance after each movement, and the summary rows.
 */
export function fundFlowBill(ctx: SimContext, date: string, account: AccountType): { csv: string; rows: number } {
  const flows = account === "BASIC" ? basicFlows(ctx) : [];
  let balance = 0;
  const lines: string[] = [];
  let incomeCount = 0;
  let incomeFen = 0;
  let expenseCount = 0;
  let expenseFen = 0;
  for (const f of flows) {
    balance += f.income ? f.fen : -f.fen;
    if (beijingDate(f.at) !== date) continue;
    if (f.income) {
      incomeCount++;
      incomeFen += f.fen;
    } else {
      expenseCount++;
      expenseFen += f.fen;
    }
    lines.push(
      row([
        beijingDateTime(f.at),
        f.transactionId,
        f.flowNo,
        f.name,
        f.name,
        f.income ? "收入" : "支出",
        yuan(f.fen),
        yuan(balance),
        "system",
        "",
        f.voucher,
      ]),
    );
  }
  const summary = row([
    String(lines.length),
    String(incomeCount),
    yuan(incomeFen),
    String(expenseCount),
    yuan(expenseFen),
  ]);
  return {
    csv: `\uFEFF${HEADER}\r\n${lines.map((l) => `${l}\r\n`).join("")}${SUMMARY_HEADER}\r\n${summary}\r\n`,
    rows: lines.length,
  };
}
