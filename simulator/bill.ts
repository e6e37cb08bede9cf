import { beijingDate, beijingDateTime } from "./clock";
import type { SimContext } from "./context";
import { yuan } from "./http";
import type { Order, Refund } from "./store";

const HEADER =
  "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
const SUMMARY_HEADER = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额";

export type BillType = "ALL" | "SUCCESS" | "REFUND";

/** Fee at 0.6%, rounded to the fen, printed with 5 decimals as WeChat Pay does. */
export function feeFen(fen: number): number {
  return Math.round((fen * 6) / 1000);
}

const fee5 = (fen: number) => `${yuan(fen)}000`;

export function row(values: string[]): string {
  return values.map((v) => `\`${v.replace(/[\r\n]/g, " ").replace(/,`/g, ", `")}`).join(",");
}

/**
 * The trade bill CSV for one Beijing date: a UTF-8 BOM, backtick-prefixed values, summary rows,
 * yuan amounts.
 */
export function tradeBill(ctx: SimContext, date: string, type: BillType): { csv: string; rows: number } {
  const mchid = ctx.identity.merchant.mchid;
  const lines: string[] = [];
  let count = 0;
  let settled = 0;
  let refundedTotal = 0;
  let fees = 0;
  let ordered = 0;
  let refundApplied = 0;
  const paid: Order[] = [...ctx.store.orders.values()].filter(
    (o) => o.success_time !== undefined && beijingDate(o.success_time) === date,
  );
  const refunds: Refund[] = [...ctx.store.refunds.values()].filter(
    (r) => r.status === "SUCCESS" && r.success_time !== undefined && beijingDate(r.success_time) === date,
  );
  const base = (o: Order) => [mchid, "0", "", o.transaction_id!, o.out_trade_no, o.payer_openid ?? "", o.trade_type];
  if (type !== "REFUND") {
    for (const o of paid) {
      const f = feeFen(o.total);
      lines.push(
        row([
          beijingDateTime(o.success_time!),
          o.appid,
          ...base(o),
          "SUCCESS",
          o.bank_type ?? "OTHERS",
          o.currency,
          yuan(o.total),
          "0.00",
          "0",
          "0",
          "0.00",
          "0.00",
          "",
          "",
          o.description,
          o.attach ?? "",
          fee5(f),
          "0.60%",
          yuan(o.total),
          "0.00",
          "",
        ]),
      );
      count++;
      settled += o.total;
      ordered += o.total;
      fees += f;
    }
  }
  if (type !== "SUCCESS") {
    for (const r of refunds) {
      const o = ctx.store.order(r.out_trade_no);
      if (!o) continue;
      const f = -feeFen(r.refund);
      lines.push(
        row([
          beijingDateTime(r.success_time!),
          o.appid,
          ...base(o),
          "REFUND",
          o.bank_type ?? "OTHERS",
          o.currency,
          "0.00",
          "0.00",
          r.refund_id,
          r.out_refund_no,
          yuan(r.refund),
          "0.00",
          "ORIGINAL",
          "SUCCESS",
          o.description,
          o.attach ?? "",
          fee5(f),
          "0.60%",
          "0.00",
          yuan(r.refund),
          "",
        ]),
      );
      count++;
      refundedTotal += r.refund;
      refundApplied += r.refund;
      fees += f;
    }
  }
  const summary = row([
    String(count),
    yuan(settled),
    yuan(refundedTotal),
    "0.00",
    fee5(fees),
    yuan(ordered),
    yuan(refundApplied),
  ]);
  return {
    // Production bills may start with a UTF-8 BOM; always sending one keeps parsers honest.
    csv: `\uFEFF${HEADER}\r\n${lines.map((l) => `${l}\r\n`).join("")}${SUMMARY_HEADER}\r\n${summary}\r\n`,
    rows: lines.length,
  };
}
