// An ABNORMAL refund is not a dead end (issue 13.6), against the simulator over HTTP: the worker
// keeps asking about it (backing off), and an admin sends it to the payer's bank card (account and
// name RSA-OAEP-encrypted with WeChat Pay's key, which the simulator decrypts with its private
// key) or to the merchant's; the amount stays reserved until SUCCESS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimProcessingRefunds } from "@/lib/worker/claim-rows";
import { syncRefund } from "@/lib/payments/sync-refund";
import { requestRefund } from "@/lib/refunds/request-refund";
import { retryAbnormalRefund } from "@/lib/refunds/retry-abnormal-refund";
import { adminUser } from "@/tests/api-keys/fixtures";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { startSimWechat, type SimWechat } from "@/tests/worker/simulator-wechat";

const notifyUrl = "http://127.0.0.1:9/api/v1/payments/wechat/notify";

describe("ABNORMAL refunds against the simulator", () => {
  let m: MigratedDb | null;
  let s: SimWechat;
  let n = 0;
  beforeAll(async () => {
    m = await openMigratedDb("pglite");
    s = await startSimWechat({ refundDelayMs: -1 }, notifyUrl); // refunds settle only when told to
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
    await m?.dispose();
  });

  /** A paid payment with a refund WeChat Pay has turned ABNORMAL (known here through a query). */
  async function abnormalRefund(amountFen = 1000) {
    n += 1;
    const outTradeNo = `AB${Date.now()}${n}`;
    await s.wechat.client.createNativeOrder({ outTradeNo, description: "异常退款", amountFen, notifyUrl });
    await s.control("POST", `/_sim/orders/${outTradeNo}/pay`, {});
    const order = await m!.db.order.create({
      data: {
        livemode: false,
        orderNo: `AB-${n}-${Date.now()}`,
        totalFen: amountFen,
        description: "异常退款",
        status: "PAID",
      },
    });
    const payment = await m!.db.paymentAttempt.create({
      data: {
        livemode: false,
        orderId: order.id,
        outTradeNo,
        channel: "NATIVE",
        status: "PAID",
        amountFen,
        mchid: s.wechat.merchant.mchId,
        appid: s.wechat.merchant.appId,
        expiresAt: new Date(Date.now() + 7200_000),
        paidAt: new Date(),
      },
    });
    const r = await requestRefund(m!.db, s.wechat, {
      outTradeNo,
      amountFen,
      reason: "",
      actor: { email: "ops@demo.local" },
    });
    expect(r.status).toBe("PROCESSING");
    expect((await s.control("POST", `/_sim/refunds/${r.outRefundNo}/abnormal`, {})).status).toBe(200);
    await syncRefund(m!.db, s.wechat, r.outRefundNo);
    const refund = await m!.db.refund.findUniqueOrThrow({ where: { outRefundNo: r.outRefundNo } });
    expect(refund.status).toBe("ABNORMAL");
    return { refund, payment, order };
  }
  const simRefund = async (outRefundNo: string) =>
    (
      await s.control<{ out_refund_no: string; status: string; abnormal_retry: Record<string, string> | null }[]>(
        "GET",
        "/_sim/refunds",
      )
    ).data.find((r) => r.out_refund_no === outRefundNo)!;

  it("to the payer's bank card: encrypted fields decrypt at WeChat Pay; reserved until SUCCESS", async () => {
    const admin = await adminUser(m!.db);
    const { refund, payment, order } = await abnormalRefund(1200);
    const result = await retryAbnormalRefund(
      m!.db,
      s.wechat,
      refund.outRefundNo,
      { type: "USER_BANK_CARD", bankType: "ICBC_DEBIT", bankAccount: "6222020200012345678", realName: "张三" },
      admin,
      { ip: "10.0.0.1" },
    );
    expect(result.status).toBe("ABNORMAL"); // here until WeChat Pay settles it
    expect(await simRefund(refund.outRefundNo)).toMatchObject({
      status: "PROCESSING",
      abnormal_retry: { type: "USER_BANK_CARD", bank_type: "ICBC_DEBIT", account_last4: "5678", real_name: "张三" },
    });
    expect((await m!.db.paymentAttempt.findUniqueOrThrow({ where: { id: payment.id } })).refundedFen).toBe(1200);
    const audit = await m!.db.auditLog.findFirstOrThrow({
      where: { action: "REFUND_ABNORMAL_RETRY", targetId: refund.outRefundNo },
    });
    expect(JSON.stringify(audit.detail)).not.toContain("6222020200012345678");
    expect(audit.detail).toMatchObject({ type: "USER_BANK_CARD", accountLast4: "5678" });

    await s.control("POST", `/_sim/refunds/${refund.outRefundNo}/settle`, {});
    await syncRefund(m!.db, s.wechat, refund.outRefundNo);
    expect((await m!.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe("SUCCESS");
    const events = await m!.db.event.findMany({ where: { refundId: refund.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["refund.created", "refund.abnormal", "refund.succeeded"]);
    expect((await m!.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("REFUNDED");
  });

  it("to the merchant's bank card; and only an ABNORMAL refund may be sent (409 otherwise)", async () => {
    const admin = await adminUser(m!.db);
    const { refund } = await abnormalRefund(700);
    await retryAbnormalRefund(m!.db, s.wechat, refund.outRefundNo, { type: "MERCHANT_BANK_CARD" }, admin);
    expect(await simRefund(refund.outRefundNo)).toMatchObject({
      status: "PROCESSING",
      abnormal_retry: { type: "MERCHANT_BANK_CARD" },
    });
    await s.control("POST", `/_sim/refunds/${refund.outRefundNo}/settle`, {});
    await syncRefund(m!.db, s.wechat, refund.outRefundNo);
    const again = await retryAbnormalRefund(
      m!.db,
      s.wechat,
      refund.outRefundNo,
      { type: "MERCHANT_BANK_CARD" },
      admin,
    ).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: "REFUND_NOT_ABNORMAL" });
  });

  it("the worker keeps asking about ABNORMAL refunds, backing off with their age", async () => {
    const { refund } = await abnormalRefund(300);
    const now = new Date();
    // Just queried: not due. An hour later (its age/10 is tiny, so the 60 s lease rules): due again.
    await m!.db.refund.update({ where: { id: refund.id }, data: { lastQueriedAt: now } });
    expect(await claimProcessingRefunds(m!.db, { now, limit: 50, leaseSeconds: 60, livemode: false })).not.toContain(
      refund.outRefundNo,
    );
    const later = new Date(now.getTime() + 61_000);
    expect(await claimProcessingRefunds(m!.db, { now: later, limit: 50, leaseSeconds: 60, livemode: false })).toContain(
      refund.outRefundNo,
    );
    // A day-old ABNORMAL refund is asked at most hourly (a tenth of its age, capped at 1 h).
    await m!.db.refund.update({
      where: { id: refund.id },
      data: { createdAt: new Date(now.getTime() - 86_400_000), lastQueriedAt: new Date(now.getTime() - 30 * 60_000) },
    });
    expect(await claimProcessingRefunds(m!.db, { now, limit: 50, leaseSeconds: 60, livemode: false })).not.toContain(
      refund.outRefundNo,
    );
    await m!.db.refund.update({
      where: { id: refund.id },
      data: { lastQueriedAt: new Date(now.getTime() - 61 * 60_000) },
    });
    expect(await claimProcessingRefunds(m!.db, { now, limit: 50, leaseSeconds: 60, livemode: false })).toContain(
      refund.outRefundNo,
    );
  });
});
