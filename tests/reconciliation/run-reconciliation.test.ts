// runReconciliation against the real simulator's trade bill (SHA1-checked download) and a
// migrated database with each kind of difference planted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beijingDateBefore } from "@/lib/reconciliation/beijing-day";
import { runReconciliation } from "@/lib/reconciliation/run-reconciliation";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { startSimWechat, type SimWechat } from "@/tests/worker/simulator-wechat";

let m: MigratedDb;
let s: SimWechat;
const today = beijingDateBefore(new Date(), 0);
const notifyUrl = "http://127.0.0.1:9/api/v1/payments/wechat/notify";

beforeAll(async () => {
  m = (await openMigratedDb("pglite"))!;
  s = await startSimWechat();
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await m?.dispose();
});

let n = 0;
async function placeAndPay(amountFen: number, pay = true) {
  n += 1;
  const outTradeNo = `RC${Date.now()}${n}`;
  await s.wechat.client.createNativeOrder({ outTradeNo, description: "对账测试", amountFen, notifyUrl });
  if (pay) expect((await s.control("POST", `/_sim/orders/${outTradeNo}/pay`, {})).status).toBe(200);
  return outTradeNo;
}

async function localPayment(
  outTradeNo: string,
  amountFen: number,
  status: "PAID" | "PENDING",
  paidAt: Date | null = new Date(),
) {
  const order = await m.db.order.create({
    data: {
      livemode: false,
      orderNo: `O-${outTradeNo}`,
      totalFen: amountFen,
      description: "对账测试",
      status: status === "PAID" ? "PAID" : "PENDING",
    },
  });
  return m.db.paymentAttempt.create({
    data: {
      livemode: false,
      orderId: order.id,
      outTradeNo,
      channel: "NATIVE",
      amountFen,
      status,
      paidAt: status === "PAID" ? paidAt : null,
      mchid: s.wechat.merchant.mchId,
      appid: s.wechat.merchant.appId,
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });
}

describe("runReconciliation", () => {
  it("a day without trades has no bill: MATCHED with zero counts", async () => {
    const r = await runReconciliation(m.db, s.wechat, beijingDateBefore(new Date(), 3), "test");
    expect(r).toMatchObject({
      status: "MATCHED",
      billPaymentCount: 0,
      billRefundCount: 0,
      discrepancies: [],
      triggeredBy: "test",
      feesFen: 0,
      settledFen: 0,
    });
    expect(r.finishedAt).not.toBeNull();
  });

  it("matches a day where both sides agree, refunds included", async () => {
    const a = await placeAndPay(2900);
    const p = await localPayment(a, 2900, "PAID");
    const refund = await s.wechat.client.createRefund({
      outTradeNo: a,
      outRefundNo: `RF${a}`,
      refundFen: 900,
      totalFen: 2900,
    });
    await new Promise((r) => setTimeout(r, 200)); // the simulator settles refunds after refundDelayMs
    expect((await s.wechat.client.queryRefund(`RF${a}`)).status).toBe("SUCCESS");
    await m.db.refund.create({
      data: {
        livemode: false,
        paymentId: p.id,
        outRefundNo: `RF${a}`,
        refundId: refund.refund_id,
        amountFen: 900,
        status: "SUCCESS",
        successAt: new Date(),
        requestedBy: "admin",
      },
    });

    const r = await runReconciliation(m.db, s.wechat, today, "admin@test");
    expect(r.status).toBe("MATCHED");
    expect(r).toMatchObject({
      billPaymentCount: 1,
      billRefundCount: 1,
      billPaidFen: 2900,
      billRefundedFen: 900,
      localPaidFen: 2900,
      localRefundedFen: 900,
      // The fund-flow bill beside it: 0.6% fee on 29.00 (0.17), 0.05 of it given back with the
      // refund; settled = 29.00 − 0.17 − 9.00 + 0.05.
      feesFen: 12,
      settledFen: 1988,
    });
    expect(r.hashValue).toMatch(/^[0-9a-f]{40}$/i);
  });

  it("reports missing on either side, amount and status mismatches", async () => {
    const missingLocal = await placeAndPay(100);
    const wrongAmount = await placeAndPay(250);
    await localPayment(wrongAmount, 520, "PAID");
    const stuckPending = await placeAndPay(300);
    await localPayment(stuckPending, 300, "PENDING");
    const onlyLocal = `RCLOCAL${Date.now()}`;
    await localPayment(onlyLocal, 700, "PAID");

    const r = await runReconciliation(m.db, s.wechat, today, "admin@test");
    expect(r.status).toBe("MISMATCHED");
    const found = (r.discrepancies as { kind: string; outTradeNo: string }[]).map((d) => [d.kind, d.outTradeNo]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["MISSING_LOCAL", missingLocal],
        ["AMOUNT", wrongAmount],
        ["STATUS", stuckPending],
        ["MISSING_REMOTE", onlyLocal],
      ]),
    );
    expect(found).toHaveLength(4);
    expect(r.discrepancies).toContainEqual({
      kind: "AMOUNT",
      type: "PAYMENT",
      outTradeNo: wrongAmount,
      billFen: 250,
      localFen: 520,
    });
    expect(await m.db.reconciliationReport.count({ where: { status: "MISMATCHED" } })).toBe(1);
  });

  it("a failed download is stored as FAILED with the reason", async () => {
    await s.control("POST", "/_sim/faults", { endpoint: "billdownload", kind: "error500" });
    try {
      const r = await runReconciliation(m.db, s.wechat, today, "worker");
      expect(r.status).toBe("FAILED");
      expect(r.error).toMatch(/SYSTEM_ERROR|500/);
    } finally {
      await s.control("DELETE", "/_sim/faults");
    }
  });
});
