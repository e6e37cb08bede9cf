import { describe, expect, it } from "vitest";
import { compareBill } from "@/lib/reconciliation/compare-bill";
import { BillFormatError, billYuanToFen } from "@/lib/reconciliation/parse-bill-amount";
import { parseTradeBill } from "@/lib/reconciliation/parse-trade-bill";
import { beijingDateBefore, beijingDay } from "@/lib/reconciliation/beijing-day";

const HEADER =
  "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
const BILL = [
  HEADER,
  "`2026-11-25 10:00:01,`wxd678efh567hg6787,`1900000109,`0,`,`4200000001202611250000000001,`OTN000001,`o-alice,`NATIVE,`SUCCESS,`OTHERS,`CNY,`0.29,`0.00,`0,`0,`0.00,`0.00,`,`,`贴纸, 一张,`,`0.00000,`0.60%,`0.29,`0.00,`",
  "`2026-11-25 11:30:00,`wxd678efh567hg6787,`1900000109,`0,`,`4200000001202611250000000002,`OTN000002,`o-bob,`JSAPI,`SUCCESS,`OTHERS,`CNY,`1234.56,`0.00,`0,`0,`0.00,`0.00,`,`,`茶杯,`,`7.40700,`0.60%,`1234.56,`0.00,`",
  "`2026-11-25 12:00:00,`wxd678efh567hg6787,`1900000109,`0,`,`4200000001202611250000000002,`OTN000002,`o-bob,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300000001,`RF000001,`100.10,`0.00,`ORIGINAL,`SUCCESS,`茶杯,`,`-0.60100,`0.60%,`0.00,`100.10,`",
  "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额",
  "`3,`1234.85,`100.10,`0.00,`6.80600,`1234.85,`100.10",
  "",
].join("\r\n");

describe("billYuanToFen", () => {
  it.each([
    ["0.29", 29], // 0.29 * 100 is 28.999999999999996 in floats
    ["1234.56", 123456],
    ["0.00", 0],
    ["12", 1200],
    ["12.3", 1230],
    ["-0.60000", -60],
    ["7.40000", 740],
  ] as const)("%s → %i", (yuan, fen) => expect(billYuanToFen(yuan)).toBe(fen));

  it.each(["7.407", "-0.60100", "1e3", "", "¥1.00", "1,000.00", "0x10", "-", "1.2.3"])("refuses %j", (v) => {
    expect(() => billYuanToFen(v)).toThrow(BillFormatError);
  });
});

describe("parseTradeBill", () => {
  it("reads payments and refunds by column name, values with commas included", () => {
    const bill = parseTradeBill(BILL);
    expect(bill.payments).toEqual([
      {
        outTradeNo: "OTN000001",
        transactionId: "4200000001202611250000000001",
        amountFen: 29,
        tradeTime: "2026-11-25 10:00:01",
      },
      {
        outTradeNo: "OTN000002",
        transactionId: "4200000001202611250000000002",
        amountFen: 123456,
        tradeTime: "2026-11-25 11:30:00",
      },
    ]);
    expect(bill.refunds).toEqual([
      {
        outTradeNo: "OTN000002",
        outRefundNo: "RF000001",
        refundId: "50300000001",
        amountFen: 10010,
        status: "SUCCESS",
        tradeTime: "2026-11-25 12:00:00",
      },
    ]);
    expect(bill.summary).toEqual({ count: 3, settledFen: 123485, refundedFen: 10010 });
  });

  it("refuses a truncated bill (rows missing against the summary)", () => {
    const lines = BILL.split("\r\n");
    lines.splice(2, 1);
    expect(() => parseTradeBill(lines.join("\r\n"))).toThrow(/summary counts 3 rows, the file has 2/);
  });

  it("refuses a bill without a summary or a needed column", () => {
    expect(() => parseTradeBill(BILL.split("\r\n").slice(0, 3).join("\r\n"))).toThrow(BillFormatError);
    expect(() => parseTradeBill(BILL.replace("商户订单号", "订单"))).toThrow(/no column 商户订单号/);
  });
});

describe("compareBill", () => {
  const bill = parseTradeBill(BILL);
  it("matches when both sides agree", () => {
    const r = compareBill(
      bill,
      [
        { outTradeNo: "OTN000001", amountFen: 29, status: "PAID", paidOnDate: true },
        { outTradeNo: "OTN000002", amountFen: 123456, status: "PARTIALLY_REFUNDED", paidOnDate: true },
      ],
      [
        {
          outRefundNo: "RF000001",
          outTradeNo: "OTN000002",
          amountFen: 10010,
          status: "SUCCESS",
          succeededOnDate: true,
        },
      ],
    );
    expect(r).toEqual({
      discrepancies: [],
      billPaidFen: 123485,
      billRefundedFen: 10010,
      localPaidFen: 123485,
      localRefundedFen: 10010,
    });
  });

  it("reports each kind of difference, both ways", () => {
    const r = compareBill(
      bill,
      [
        { outTradeNo: "OTN000001", amountFen: 2900, status: "PAID", paidOnDate: true },
        { outTradeNo: "OTN000002", amountFen: 123456, status: "PENDING", paidOnDate: false },
        { outTradeNo: "OTNLOCAL01", amountFen: 500, status: "PAID", paidOnDate: true },
      ],
      [
        {
          outRefundNo: "RFLOCAL01",
          outTradeNo: "OTNLOCAL01",
          amountFen: 100,
          status: "SUCCESS",
          succeededOnDate: true,
        },
      ],
    );
    expect(r.discrepancies).toEqual([
      { kind: "AMOUNT", type: "PAYMENT", outTradeNo: "OTN000001", billFen: 29, localFen: 2900 },
      { kind: "STATUS", type: "PAYMENT", outTradeNo: "OTN000002", billStatus: "SUCCESS", localStatus: "PENDING" },
      { kind: "MISSING_REMOTE", type: "PAYMENT", outTradeNo: "OTNLOCAL01", localFen: 500, localStatus: "PAID" },
      {
        kind: "MISSING_LOCAL",
        type: "REFUND",
        outTradeNo: "OTN000002",
        outRefundNo: "RF000001",
        billFen: 10010,
        billStatus: "SUCCESS",
      },
      {
        kind: "MISSING_REMOTE",
        type: "REFUND",
        outTradeNo: "OTNLOCAL01",
        outRefundNo: "RFLOCAL01",
        localFen: 100,
        localStatus: "SUCCESS",
      },
    ]);
  });
});

describe("beijing days", () => {
  it("bounds a date in UTC+8 and finds yesterday across midnight", () => {
    expect(beijingDay("2026-11-25")).toEqual({
      from: new Date("2026-11-24T16:00:00Z"),
      to: new Date("2026-11-25T16:00:00Z"),
    });
    expect(beijingDateBefore(new Date("2026-11-25T16:30:00Z"), 1)).toBe("2026-11-25"); // 00:30 on the 26th in Beijing
    expect(beijingDateBefore(new Date("2026-11-25T15:30:00Z"), 1)).toBe("2026-11-24");
    expect(() => beijingDay("2026-13-01")).toThrow(RangeError);
  });
});
