import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { startSimWechat, type SimWechat } from "@/tests/worker/simulator-wechat";
import { closePayment } from "./close-payment";

describe("closePayment against the simulator", () => {
  let m: MigratedDb | null;
  let s: SimWechat;
  let n = 0;
  beforeAll(async () => {
    m = await openMigratedDb("pglite");
    s = await startSimWechat();
  });
  afterAll(async () => {
    await s?.stop();
    await m?.dispose();
  });

  /** A Native attempt stored and placed at the simulator, as checkout leaves it. */
  async function placed() {
    n += 1;
    const outTradeNo = `CLOSE${Date.now()}${n}`;
    const order = await m!.db.order.create({
      data: { livemode: false, orderNo: `C-${outTradeNo}`, totalFen: 500, description: "关单测试" },
    });
    const expiresAt = new Date(Date.now() + 15 * 60_000);
    await m!.db.paymentAttempt.create({
      data: {
        livemode: false,
        orderId: order.id,
        outTradeNo,
        channel: "NATIVE",
        amountFen: 500,
        mchid: s.wechat.merchant.mchId,
        appid: s.wechat.merchant.appId,
        expiresAt,
      },
    });
    await s.wechat.client.createNativeOrder({
      outTradeNo,
      description: "关单测试",
      amountFen: 500,
      notifyUrl: "http://127.0.0.1:9/notify",
      timeExpire: expiresAt,
    });
    return outTradeNo;
  }
  const remoteState = async (outTradeNo: string) =>
    (await s.wechat.client.queryOrderByOutTradeNo(outTradeNo)).trade_state;
  const localStatus = async (outTradeNo: string) =>
    (await m!.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo } })).status;

  it("closes a pending attempt at WeChat Pay first, then here", async () => {
    const no = await placed();
    expect(await closePayment(m!.db, s.wechat, no)).toMatchObject({ result: "TRANSITIONED", to: "CLOSED" });
    expect(await remoteState(no)).toBe("CLOSED");
    expect(await localStatus(no)).toBe("CLOSED");
  });

  it("records the payment when the shopper paid before the close arrived", async () => {
    const no = await placed();
    expect((await s.control("POST", `/_sim/orders/${no}/pay`)).status).toBe(200);
    expect(await closePayment(m!.db, s.wechat, no)).toMatchObject({ result: "TRANSITIONED", to: "PAID" });
    expect(await localStatus(no)).toBe("PAID");
  });

  it("closes a FAILED (PAYERROR) attempt at WeChat Pay so nothing can be paid on it later", async () => {
    const no = await placed();
    // WeChat Pay reports PAYERROR only for some payment methods (the simulator's Native attempt
    // stays NOTPAY after a decline, as production's does): the attempt is marked FAILED here.
    await m!.db.paymentAttempt.update({
      where: { outTradeNo: no },
      data: { status: "FAILED", tradeState: "PAYERROR" },
    });
    expect(await localStatus(no)).toBe("FAILED");
    expect(await closePayment(m!.db, s.wechat, no)).toBeNull();
    expect(await remoteState(no)).toBe("CLOSED");
    expect(await localStatus(no)).toBe("FAILED");
  });
});
