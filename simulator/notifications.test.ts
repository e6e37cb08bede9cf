import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Aes, Formatter, Rsa } from "wechatpay-axios-plugin";
import { RETRY_SCHEDULE_SECONDS } from "./notifier";
import { outTradeNo, startReceiver, startTestSimulator, waitFor, type Received, type TestSim } from "./test-helpers";

/* eslint-disable @typescript-eslint/no-explicit-any */
let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSimulator({ timeScale: 0.01, refundDelayMs: 30 });
});
afterAll(() => sim.stop());

/** A careful merchant: verifies the raw body with the platform key(s) and a ±300 s window. */
function verifies(r: Received, s: TestSim): boolean {
  const h = r.headers;
  const keys: Record<string, string> = {
    [s.merchant.platformPublicKeyId]: s.merchant.platformPublicKeyPem,
    [s.merchant.platformCertificateSerialNo]: s.merchant.platformCertificatePem,
  };
  const key = keys[String(h["wechatpay-serial"])];
  const sig = String(h["wechatpay-signature"] ?? "");
  if (!key || sig.startsWith("WECHATPAY/SIGNTEST/")) return false;
  if (Math.abs(Formatter.timestamp() - Number(h["wechatpay-timestamp"])) >= 300) return false;
  return Rsa.verify(
    Formatter.response(String(h["wechatpay-timestamp"]), String(h["wechatpay-nonce"]), r.body),
    sig,
    Rsa.from(key, Rsa.KEY_TYPE_PUBLIC),
  );
}

function decrypt(r: Received, s: TestSim): any {
  const env = JSON.parse(r.body);
  const res = env.resource;
  return JSON.parse(Aes.AesGcm.decrypt(res.ciphertext, s.merchant.apiV3Key, res.nonce, res.associated_data));
}

async function paidOrder(s: TestSim, notifyUrl: string, total = 1000): Promise<{ no: string; transactionId: string }> {
  const wx: any = s.client();
  const no = outTradeNo("P");
  await wx.v3.pay.transactions.native.post({
    appid: s.merchant.appid,
    mchid: s.merchant.mchid,
    description: "notify test",
    out_trade_no: no,
    notify_url: notifyUrl,
    amount: { total },
  });
  const paid = await s.control<any>("POST", `/_sim/orders/${no}/pay`);
  return { no, transactionId: paid.data.transaction_id };
}

describe("notifications", () => {
  it("TRANSACTION.SUCCESS: real envelope, signed, AES-GCM with AAD transaction, one attempt on 2xx", async () => {
    const rx = await startReceiver((r) => (verifies(r, sim) ? 204 : 401));
    const { no, transactionId } = await paidOrder(sim, rx.url);
    await waitFor(() => rx.received.length === 1);
    const r = rx.received[0]!;
    expect(verifies(r, sim)).toBe(true);
    expect(r.headers["wechatpay-signature-type"]).toBe("WECHATPAY2-SHA256-RSA2048");
    const env = JSON.parse(r.body);
    expect(Object.keys(env)).toEqual(["id", "create_time", "resource_type", "event_type", "summary", "resource"]);
    expect(env).toMatchObject({
      resource_type: "encrypt-resource",
      event_type: "TRANSACTION.SUCCESS",
      resource: { original_type: "transaction", algorithm: "AEAD_AES_256_GCM", associated_data: "transaction" },
    });
    expect(decrypt(r, sim)).toMatchObject({
      mchid: sim.merchant.mchid,
      appid: sim.merchant.appid,
      out_trade_no: no,
      transaction_id: transactionId,
      trade_type: "NATIVE",
      trade_state: "SUCCESS",
      amount: { total: 1000, payer_total: 1000, currency: "CNY" },
      payer: { openid: expect.any(String) },
    });
    await new Promise((res) => setTimeout(res, 300));
    expect(rx.received).toHaveLength(1);
    const log = await sim.control<any[]>("GET", "/_sim/deliveries");
    const d = log.data.find((x) => x.id === env.id);
    expect(d).toMatchObject({ status: "delivered", attempts: [{ variant: "normal", status: 204, ok: true }] });
    await rx.close();
  });

  it("retries on 4xx/5xx following the schedule × time scale, and stops on 2xx", async () => {
    const rx = await startReceiver((_r, i) => (i < 3 ? 500 : 200));
    await paidOrder(sim, rx.url);
    await waitFor(() => rx.received.length === 4, 5000);
    const gaps = rx.received.slice(1).map((r, i) => r.at - rx.received[i]!.at);
    RETRY_SCHEDULE_SECONDS.slice(0, 3).forEach((s, i) => expect(gaps[i]).toBeGreaterThanOrEqual(s * 1000 * 0.01 - 5));
    await new Promise((res) => setTimeout(res, 400));
    expect(rx.received).toHaveLength(4);
    expect(new Set(rx.received.map((r) => JSON.parse(r.body).id)).size).toBe(1);
    const log = await sim.control<any[]>("GET", "/_sim/deliveries");
    const d = log.data.find((x) => x.id === JSON.parse(rx.received[0]!.body).id);
    expect(d.attempts.map((a: any) => a.status)).toEqual([500, 500, 500, 200]);
    expect(d.status).toBe("delivered");
    await rx.close();
  });

  it("REFUND.SUCCESS after the settle delay, AAD refund", async () => {
    const rx = await startReceiver(() => 200);
    const { no } = await paidOrder(sim, rx.url);
    const wx: any = sim.client();
    const r = await wx.v3.refund.domestic.refunds.post({
      out_trade_no: no,
      out_refund_no: `R${no}`,
      notify_url: rx.url,
      amount: { refund: 300, total: 1000, currency: "CNY" },
    });
    expect(r.data.status).toBe("PROCESSING");
    await waitFor(() => rx.received.find((x) => JSON.parse(x.body).event_type === "REFUND.SUCCESS"));
    const got = rx.received.find((x) => JSON.parse(x.body).event_type === "REFUND.SUCCESS")!;
    expect(JSON.parse(got.body).resource.associated_data).toBe("refund");
    expect(decrypt(got, sim)).toMatchObject({
      out_trade_no: no,
      out_refund_no: `R${no}`,
      refund_status: "SUCCESS",
      amount: { total: 1000, refund: 300 },
    });
    const q = await wx.v3.refund.domestic.refunds._out_refund_no_.get({ out_refund_no: `R${no}` });
    expect(q.data).toMatchObject({ status: "SUCCESS", success_time: expect.stringMatching(/\+08:00$/) });
    await rx.close();
  });

  it("a refund without its own notify_url is never announced to the order's", async () => {
    const rx = await startReceiver(() => 204);
    const { no } = await paidOrder(sim, rx.url);
    const before = rx.received.length;
    const wx: any = sim.client();
    await wx.v3.refund.domestic.refunds.post({
      out_trade_no: no,
      out_refund_no: `Q${no}`,
      amount: { refund: 100, total: 1000, currency: "CNY" },
    });
    let settled = false;
    for (let i = 0; i < 100 && !settled; i += 1) {
      const q = await wx.v3.refund.domestic.refunds._out_refund_no_.get({ out_refund_no: `Q${no}` });
      settled = q.data.status === "SUCCESS";
      if (!settled) await new Promise((res) => setTimeout(res, 50));
    }
    expect(settled).toBe(true);
    await new Promise((res) => setTimeout(res, 200));
    expect(rx.received.slice(before).map((x) => JSON.parse(x.body).event_type)).not.toContain("REFUND.SUCCESS");
    await rx.close();
  });

  it("resend, duplicates, stale timestamp, reordered fields and SIGNTEST probes", async () => {
    const rx = await startReceiver((r) => (verifies(r, sim) ? 204 : 401));
    const { no } = await paidOrder(sim, rx.url);
    await waitFor(() => rx.received.length === 1);
    const id = JSON.parse(rx.received[0]!.body).id;

    const resend = await sim.control<any>("POST", `/_sim/notifications/${no}/resend`);
    expect(resend.data.attempts).toMatchObject([{ variant: "resend", status: 204, ok: true }]);
    expect(JSON.parse(rx.received[1]!.body).id).toBe(id);
    expect(rx.received[1]!.headers["wechatpay-nonce"]).not.toBe(rx.received[0]!.headers["wechatpay-nonce"]);

    const dup = await sim.control<any>("POST", `/_sim/notifications/${id}/duplicate`, { count: 3 });
    expect(dup.data.attempts).toHaveLength(3);
    expect(rx.received.slice(2, 5).map((r) => r.body)).toEqual([
      rx.received[0]!.body,
      rx.received[0]!.body,
      rx.received[0]!.body,
    ]);

    const stale = await sim.control<any>("POST", `/_sim/notifications/${id}/stale-timestamp`);
    const staleReq = rx.received[5]!;
    expect(Formatter.timestamp() - Number(staleReq.headers["wechatpay-timestamp"])).toBeGreaterThanOrEqual(3600);
    // validly signed for its (old) timestamp: only the window rejects it
    expect(
      Rsa.verify(
        Formatter.response(
          String(staleReq.headers["wechatpay-timestamp"]),
          String(staleReq.headers["wechatpay-nonce"]),
          staleReq.body,
        ),
        String(staleReq.headers["wechatpay-signature"]),
        Rsa.from(sim.merchant.platformPublicKeyPem, Rsa.KEY_TYPE_PUBLIC),
      ),
    ).toBe(true);
    expect(stale.data.attempts[0]).toMatchObject({
      variant: "stale-timestamp",
      status: 401,
      expect: "reject",
      ok: true,
    });

    const reordered = await sim.control<any>("POST", `/_sim/notifications/${id}/reordered`);
    const re = rx.received[6]!;
    expect(re.body).not.toBe(rx.received[0]!.body);
    expect(JSON.parse(re.body)).toEqual(JSON.parse(rx.received[0]!.body));
    expect(reordered.data.attempts[0]).toMatchObject({ status: 204, ok: true });

    const probe = await sim.control<any>("POST", "/_sim/signtest", { out_trade_no: no });
    expect(rx.received[7]!.headers["wechatpay-signature"]).toMatch(/^WECHATPAY\/SIGNTEST\//);
    expect(probe.data).toMatchObject({ variant: "signtest", status: 401, expect: "reject", ok: true });

    // A careless merchant that answers 200 to everything fails the probes.
    const careless = await startReceiver(() => 200);
    const bad = await sim.control<any>("POST", "/_sim/signtest", { url: careless.url });
    expect(bad.data).toMatchObject({ status: 200, ok: false });
    await careless.close();
    await rx.close();
  });

  it("hold + release delivers out of order (newest first)", async () => {
    const rx = await startReceiver(() => 204);
    await sim.control("POST", "/_sim/notifications/hold");
    const { no } = await paidOrder(sim, rx.url);
    const wx: any = sim.client();
    await wx.v3.refund.domestic.refunds.post({
      out_trade_no: no,
      out_refund_no: `R${no}`,
      notify_url: rx.url,
      amount: { refund: 1000, total: 1000, currency: "CNY" },
    });
    await new Promise((res) => setTimeout(res, 100));
    expect(rx.received).toHaveLength(0);
    const rel = await sim.control<any>("POST", "/_sim/notifications/release", { reverse: true });
    expect(rel.data.order.map((x: any) => x.event_type)).toEqual(["REFUND.SUCCESS", "TRANSACTION.SUCCESS"]);
    expect(rx.received.map((r) => JSON.parse(r.body).event_type)).toEqual(["REFUND.SUCCESS", "TRANSACTION.SUCCESS"]);
    await rx.close();
  });

  it("signing mode applies to notifications too", async () => {
    const rx = await startReceiver((r) => (verifies(r, sim) ? 204 : 401));
    await sim.control("POST", "/_sim/signing-mode", { mode: "certificate" });
    await paidOrder(sim, rx.url);
    await waitFor(() => rx.received.length === 1);
    expect(rx.received[0]!.headers["wechatpay-serial"]).toBe(sim.merchant.platformCertificateSerialNo);
    expect(verifies(rx.received[0]!, sim)).toBe(true);
    await sim.control("POST", "/_sim/signing-mode", { mode: "public-key" });
    await rx.close();
  });
});

describe("notification exhaustion and manual refunds", () => {
  let fast: TestSim;
  beforeAll(async () => {
    fast = await startTestSimulator({ timeScale: 0.00001, refundDelayMs: -1 });
  });
  afterAll(() => fast.stop());

  it("gives up after the full schedule: 1 + 15 attempts", async () => {
    const rx = await startReceiver(() => 503);
    await paidOrder(fast, rx.url);
    await waitFor(() => rx.received.length === 1 + RETRY_SCHEDULE_SECONDS.length, 8000);
    expect(RETRY_SCHEDULE_SECONDS.reduce((a, b) => a + b, 0)).toBe(24 * 3600 + 4 * 60);
    const log = await fast.control<any[]>("GET", "/_sim/deliveries");
    await new Promise((res) => setTimeout(res, 50));
    const last = (await fast.control<any[]>("GET", "/_sim/deliveries")).data.at(-1);
    expect(log.data.length).toBeGreaterThan(0);
    expect(last.status).toBe("failed");
    expect(last.attempts).toHaveLength(16);
    await rx.close();
  });

  it("refund ABNORMAL and CLOSED on request, with their events; settle from ABNORMAL", async () => {
    const rx = await startReceiver(() => 204);
    const { no } = await paidOrder(fast, rx.url);
    const wx: any = fast.client();
    const refund = (n: string, amount: number) =>
      wx.v3.refund.domestic.refunds.post({
        out_trade_no: no,
        out_refund_no: n,
        notify_url: rx.url,
        amount: { refund: amount, total: 1000, currency: "CNY" },
      });
    await refund(`A${no}`, 100);
    // A second new refund of the same order needs a minute between them.
    await fast.control("POST", "/_sim/clock/advance", { seconds: 61 });
    await refund(`B${no}`, 100);
    await fast.control("POST", "/_sim/clock/advance", { seconds: -61 });
    expect((await fast.control<any>("POST", `/_sim/refunds/A${no}/abnormal`)).data.status).toBe("ABNORMAL");
    expect((await fast.control<any>("POST", `/_sim/refunds/B${no}/close`)).data.status).toBe("CLOSED");
    expect((await fast.control<any>("POST", `/_sim/refunds/A${no}/settle`)).data.status).toBe("SUCCESS");
    expect((await fast.control<any>("POST", `/_sim/refunds/B${no}/settle`)).status).toBe(409);
    await waitFor(() => rx.received.length === 4);
    expect(rx.received.map((r) => JSON.parse(r.body).event_type)).toEqual([
      "TRANSACTION.SUCCESS",
      "REFUND.ABNORMAL",
      "REFUND.CLOSED",
      "REFUND.SUCCESS",
    ]);
    expect(decrypt(rx.received[2]!, fast)).toMatchObject({ out_refund_no: `B${no}`, refund_status: "CLOSED" });
    await rx.close();
  });
});
