import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Formatter } from "wechatpay-axios-plugin";
import { beijingDate } from "./clock";
import { outTradeNo, startTestSimulator, type TestSim } from "./test-helpers";

/* eslint-disable @typescript-eslint/no-explicit-any */
let sim: TestSim;
let wx: any;
beforeAll(async () => {
  sim = await startTestSimulator({ refundDelayMs: -1 });
  wx = sim.client();
});
afterAll(() => sim.stop());

async function fails(p: Promise<unknown>): Promise<{ status: number; data: any }> {
  try {
    await p;
  } catch (e: any) {
    if (e.response) return { status: e.response.status, data: e.response.data };
    throw e;
  }
  throw new Error("expected failure");
}

async function paid(total: number, description = "退款测试 refund"): Promise<{ no: string; tx: string }> {
  const no = outTradeNo("R");
  await wx.v3.pay.transactions.native.post({
    appid: sim.merchant.appid,
    mchid: sim.merchant.mchid,
    description,
    out_trade_no: no,
    notify_url: "http://127.0.0.1:9/n",
    attach: "a,b",
    amount: { total },
  });
  const r = await sim.control<any>("POST", `/_sim/orders/${no}/pay`);
  return { no, tx: r.data.transaction_id };
}

const refund = (b: Record<string, unknown>) => wx.v3.refund.domestic.refunds.post(b);

// One new refund per order per minute: tests move the simulator's clock on, and back afterwards.
let advanced = 0;
async function advance(seconds: number) {
  advanced += seconds;
  await sim.control("POST", "/_sim/clock/advance", { seconds });
}
const minutesLater = (n: number) => advance(61 * n);
afterEach(async () => {
  if (advanced) await sim.control("POST", "/_sim/clock/advance", { seconds: -advanced });
  advanced = 0;
});
const amount = (refundFen: number, total: number) => ({ refund: refundFen, total, currency: "CNY" });

describe("refund rules", () => {
  it("PROCESSING; order becomes REFUND; same out_refund_no + same content -> same refund; different -> rejected", async () => {
    const { no, tx } = await paid(1000);
    const a = await refund({ out_trade_no: no, out_refund_no: `X${no}`, reason: "r", amount: amount(100, 1000) });
    expect(a.data).toMatchObject({
      status: "PROCESSING",
      out_trade_no: no,
      transaction_id: tx,
      amount: { refund: 100, total: 1000 },
    });
    const again = await refund({ out_trade_no: no, out_refund_no: `X${no}`, reason: "r", amount: amount(100, 1000) });
    expect(again.data.refund_id).toBe(a.data.refund_id);
    const viaTx = await refund({ transaction_id: tx, out_refund_no: `X${no}`, reason: "r", amount: amount(100, 1000) });
    expect(viaTx.data.refund_id).toBe(a.data.refund_id);
    const diff = await fails(
      refund({ out_trade_no: no, out_refund_no: `X${no}`, reason: "r", amount: amount(200, 1000) }),
    );
    expect(diff).toMatchObject({ status: 400, data: { code: "INVALID_REQUEST", detail: { field: "out_refund_no" } } });
    const q = await wx.v3.pay.transactions.outTradeNo.$out_trade_no$.get({
      params: { mchid: sim.merchant.mchid },
      out_trade_no: no,
    });
    expect(q.data.trade_state).toBe("REFUND");
  });

  it("the sum never exceeds the total; closed refunds give their amount back", async () => {
    const { no } = await paid(500);
    await refund({ out_trade_no: no, out_refund_no: `A${no}`, amount: amount(300, 500) });
    const over = await fails(refund({ out_trade_no: no, out_refund_no: `B${no}`, amount: amount(201, 500) }));
    expect(over.data).toMatchObject({ code: "INVALID_REQUEST", detail: { field: "amount.refund" } });
    await minutesLater(1);
    await refund({ out_trade_no: no, out_refund_no: `C${no}`, amount: amount(200, 500) });
    await sim.control("POST", `/_sim/refunds/A${no}/close`);
    await minutesLater(1);
    expect((await refund({ out_trade_no: no, out_refund_no: `D${no}`, amount: amount(300, 500) })).status).toBe(200);
  });

  it("at most one new refund per order per minute; resubmitting the same out_refund_no is not limited", async () => {
    const { no } = await paid(300);
    const first = { out_trade_no: no, out_refund_no: `F1${no}`, amount: amount(100, 300) };
    await refund(first);
    const quick = await fails(refund({ out_trade_no: no, out_refund_no: `F2${no}`, amount: amount(100, 300) }));
    expect(quick).toMatchObject({ status: 429, data: { code: "FREQUENCY_LIMITED" } });
    expect((await refund(first)).status).toBe(200);
    // Another order is not held back by this one.
    const other = await paid(300);
    expect((await refund({ out_trade_no: other.no, out_refund_no: `F3${no}`, amount: amount(1, 300) })).status).toBe(
      200,
    );
    await advance(59);
    expect((await fails(refund({ out_trade_no: no, out_refund_no: `F2${no}`, amount: amount(100, 300) }))).status).toBe(
      429,
    );
    await minutesLater(1);
    expect((await refund({ out_trade_no: no, out_refund_no: `F2${no}`, amount: amount(100, 300) })).status).toBe(200);
  });

  it("at most 50 refunds per order", async () => {
    const { no } = await paid(100);
    for (let i = 0; i < 50; i++) {
      await refund({ out_trade_no: no, out_refund_no: `${no}_${i}`, amount: amount(1, 100) });
      await minutesLater(1);
    }
    const r = await fails(refund({ out_trade_no: no, out_refund_no: `${no}_50`, amount: amount(1, 100) }));
    expect(r).toMatchObject({ status: 403, data: { code: "RULE_LIMIT" } });
  });

  it("unpaid, unknown, wrong total and bad fields are rejected", async () => {
    const no = outTradeNo("U");
    await wx.v3.pay.transactions.native.post({
      appid: sim.merchant.appid,
      mchid: sim.merchant.mchid,
      description: "d",
      out_trade_no: no,
      notify_url: "http://127.0.0.1:9/n",
      amount: { total: 10 },
    });
    expect((await fails(refund({ out_trade_no: no, out_refund_no: `U${no}`, amount: amount(1, 10) }))).data.code).toBe(
      "INVALID_REQUEST",
    );
    expect(
      (await fails(refund({ out_trade_no: "NOSUCH123", out_refund_no: "Z1", amount: amount(1, 10) }))).status,
    ).toBe(404);
    const { no: p } = await paid(10);
    expect(
      (await fails(refund({ out_trade_no: p, out_refund_no: `W${p}`, amount: amount(1, 11) }))).data.detail.field,
    ).toBe("amount.total");
    expect((await fails(refund({ out_refund_no: "Z2", amount: amount(1, 10) }))).data).toMatchObject({
      code: "PARAM_ERROR",
      detail: { field: "out_trade_no" },
    });
    expect(
      (await fails(refund({ out_trade_no: p, out_refund_no: "bad no!", amount: amount(1, 10) }))).data.detail.field,
    ).toBe("out_refund_no");
    expect(
      (await fails(refund({ out_trade_no: p, out_refund_no: "Z3", reason: "r".repeat(81), amount: amount(1, 10) })))
        .data.detail.field,
    ).toBe("reason");
    const emoji = await fails(
      refund({ out_trade_no: p, out_refund_no: "Z4", reason: "坏了 💔", amount: amount(1, 10) }),
    );
    expect([emoji.data.code, emoji.data.detail.field]).toEqual(["PARAM_ERROR", "reason"]);
    expect((await fails(wx.v3.refund.domestic.refunds._out_refund_no_.get({ out_refund_no: "NOPE" }))).data.code).toBe(
      "RESOURCE_NOT_EXISTS",
    );
  });
});

describe("trade bill", () => {
  it("official CSV shape, SHA1 hash_value, unsigned download valid 5 minutes", async () => {
    const { no } = await paid(1234, "Bill, with comma");
    await refund({ out_trade_no: no, out_refund_no: `BILL${no}`, amount: amount(34, 1234) });
    await sim.control("POST", `/_sim/refunds/BILL${no}/settle`);
    const today = beijingDate(Date.now());
    const r = await wx.v3.bill.tradebill.get({ params: { bill_date: today, bill_type: "ALL" } });
    expect(r.data).toMatchObject({ hash_type: "SHA1", hash_value: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const url = new URL(r.data.download_url);
    expect(url.origin).toBe(sim.url);
    const file = await wx.v3.billdownload.file.get({
      params: Object.fromEntries(url.searchParams),
      responseType: "arraybuffer",
    });
    expect(file.headers["wechatpay-signature"]).toBeUndefined();
    const buf = Buffer.from(file.data);
    expect(createHash("sha1").update(buf).digest("hex")).toBe(r.data.hash_value);
    const csv = buf.toString("utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^\uFEFF交易时间,公众账号ID,商户号,/);
    const row = lines.find((l) => l.includes(`\`${no},`) && l.includes("`SUCCESS,"))!;
    expect(row.startsWith("`")).toBe(true);
    expect(row).toContain("`12.34,");
    expect(row).toContain("`Bill, with comma,");
    const refundRow = lines.find((l) => l.includes(`\`BILL${no},`))!;
    expect(refundRow).toContain("`REFUND,");
    expect(refundRow).toContain("`0.34,");
    expect(lines.at(-2)).toBe(
      "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额",
    );
    expect(lines.at(-1)).toMatch(/^`\d+,`\d+\.\d\d,`\d+\.\d\d,`0\.00,`-?\d+\.\d{5},`\d+\.\d\d,`\d+\.\d\d$/);
    const parsed: any = Formatter.castCsvBill(buf);
    const mine = parsed.rows.find((x: any) => x["商户订单号"] === no && x["交易状态"] === "SUCCESS");
    expect(mine).toMatchObject({ 商品名称: "Bill, with comma", 应结订单金额: "12.34", 商户数据包: "a,b" });
    expect(parsed.summary).toMatchObject({ 退款总金额: expect.stringMatching(/^\d+\.\d\d$/) });

    await sim.control("POST", "/_sim/clock/advance", { seconds: 301 });
    const expired = await fails(
      wx.v3.billdownload.file.get({ params: Object.fromEntries(url.searchParams), responseType: "arraybuffer" }),
    );
    expect(expired.status).toBe(400);
    await sim.control("POST", "/_sim/clock/advance", { seconds: -301 });
  });

  it("tar_type=GZIP serves real GZIP whose decompressed bytes carry hash_value", async () => {
    await paid(500, "GZIP bill");
    const today = beijingDate(Date.now());
    const plain = await wx.v3.bill.tradebill.get({ params: { bill_date: today, bill_type: "ALL" } });
    const r = await wx.v3.bill.tradebill.get({ params: { bill_date: today, bill_type: "ALL", tar_type: "GZIP" } });
    expect(r.data.hash_value).toBe(plain.data.hash_value);
    const url = new URL(r.data.download_url);
    const file = await wx.v3.billdownload.file.get({
      params: Object.fromEntries(url.searchParams),
      responseType: "arraybuffer",
    });
    const gz = Buffer.from(file.data);
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    const csv = gunzipSync(gz);
    expect(createHash("sha1").update(csv).digest("hex")).toBe(r.data.hash_value);
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(
      (await fails(wx.v3.bill.tradebill.get({ params: { bill_date: today, tar_type: "ZIP" } }))).data.detail.field,
    ).toBe("tar_type");
  });

  it("fund-flow bill: the basic account's movements with balances; other accounts empty", async () => {
    const { no } = await paid(1000, "Fund flow");
    const today = beijingDate(Date.now());
    const r = await wx.v3.bill.fundflowbill.get({ params: { bill_date: today, account_type: "BASIC" } });
    const url = new URL(r.data.download_url);
    const file = await wx.v3.billdownload.file.get({
      params: Object.fromEntries(url.searchParams),
      responseType: "arraybuffer",
    });
    const buf = Buffer.from(file.data);
    expect(createHash("sha1").update(buf).digest("hex")).toBe(r.data.hash_value);
    const lines = buf.toString("utf8").trimEnd().split("\r\n");
    expect(lines[0]).toMatch(
      /^\uFEFF记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额（元）,账户结余（元）,/,
    );
    const mine = lines.filter((l) => l.endsWith(`\`${no}`));
    expect(mine).toHaveLength(2);
    expect(mine[0]).toContain("`交易,`交易,`收入,`10.00,");
    expect(mine[1]).toContain("`扣除交易手续费,`扣除交易手续费,`支出,`0.06,");
    expect(lines.at(-2)).toBe("资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额");
    expect(
      (await fails(wx.v3.bill.fundflowbill.get({ params: { bill_date: today, account_type: "OPERATION" } }))).data.code,
    ).toBe("NO_STATEMENT_EXIST");
    expect(
      (await fails(wx.v3.bill.fundflowbill.get({ params: { bill_date: today, account_type: "SAVINGS" } }))).data.detail
        .field,
    ).toBe("account_type");
  });

  it("bad dates and an empty day", async () => {
    expect((await fails(wx.v3.bill.tradebill.get({ params: { bill_date: "2026/01/01" } }))).data.detail.field).toBe(
      "bill_date",
    );
    expect((await fails(wx.v3.bill.tradebill.get({ params: { bill_date: "2020-01-01" } }))).data.code).toBe(
      "NO_STATEMENT_EXIST",
    );
    expect((await fails(wx.v3.bill.tradebill.get({ params: { bill_date: "2099-01-01" } }))).data.detail.field).toBe(
      "bill_date",
    );
  });
});
