// The simulator (an independent implementation of WeChat Pay's signing and encryption) delivers
// to the real notify handler over HTTP: payment and refund notifications apply once, and its
// own hostile variants (SIGNTEST probe, stale timestamp, duplicates, reordered JSON) are answered
// as the protocol says.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifyHandler } from "@/lib/payments/notifications/create-notify-handler";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { startSimWechat, type SimWechat } from "@/tests/worker/simulator-wechat";

let m: MigratedDb;
let s: SimWechat;
let server: http.Server;
let notifyUrl: string;

beforeAll(async () => {
  m = (await openMigratedDb("pglite"))!;
  // WeChat Pay waits 5 s for an answer. The helpers' 1 s was too short here: ten duplicates at
  // once into one in-process PGlite, on a CI machine running other suites, once took longer
  // and two copies counted as unanswered.
  s = await startSimWechat({ refundDelayMs: 50, notifyTimeoutMs: 5000 });
  const post = createNotifyHandler({ getDb: async () => m.db, getWechat: () => s.wechat });
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
        const response = await post(
          new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }),
        );
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  notifyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/payments/wechat/notify`;
}, 60_000);
afterAll(async () => {
  server?.close();
  await s?.stop();
  await m?.dispose();
});

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  let v = await f();
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    v = await f();
  }
  return v;
}

describe("simulator deliveries to the notify handler", () => {
  it("payment then refund notifications apply once; the simulator's hostile variants change nothing", async () => {
    const outTradeNo = `SD${Date.now()}`;
    const { code_url } = await s.wechat.client.createNativeOrder({
      outTradeNo,
      description: "模拟器投递",
      amountFen: 5000,
      notifyUrl,
    });
    const order = await m.db.order.create({
      data: { livemode: false, orderNo: `O-${outTradeNo}`, totalFen: 5000, description: "模拟器投递" },
    });
    const p = await m.db.paymentAttempt.create({
      data: {
        livemode: false,
        orderId: order.id,
        outTradeNo,
        channel: "NATIVE",
        amountFen: 5000,
        codeUrl: code_url,
        mchid: s.wechat.merchant.mchId,
        appid: s.wechat.merchant.appId,
        expiresAt: new Date(Date.now() + 3600_000),
      },
    });
    await s.control("POST", `/_sim/orders/${outTradeNo}/pay`, {});
    expect(
      (
        await until(
          () => m.db.paymentAttempt.findUniqueOrThrow({ where: { id: p.id } }),
          (x) => x.status === "PAID",
        )
      ).status,
    ).toBe("PAID");
    const transitions = () => m.db.paymentEvent.count({ where: { paymentId: p.id, type: "STATE_CHANGED" } });
    expect(await transitions()).toBe(1);

    // The simulator's own probes: SIGNTEST and a validly signed but stale timestamp must be refused.
    const probe = await s.control<{ ok: boolean; status: number }>("POST", "/_sim/signtest", { url: notifyUrl });
    expect(probe.data).toMatchObject({ ok: true });
    expect(probe.data.status).toBeGreaterThanOrEqual(400);
    const stale = await s.control<{ attempts: { ok: boolean; status: number }[] }>(
      "POST",
      `/_sim/notifications/${outTradeNo}/stale-timestamp`,
      {},
    );
    expect(stale.data.attempts).toEqual([expect.objectContaining({ ok: true, status: 401 })]);
    // Same meaning, different bytes (fields reordered, indented): verified over the raw body, then a duplicate.
    const reordered = await s.control<{ attempts: { ok: boolean; status: number }[] }>(
      "POST",
      `/_sim/notifications/${outTradeNo}/reordered`,
      {},
    );
    expect(reordered.data.attempts).toEqual([expect.objectContaining({ ok: true, status: 204 })]);
    const dups = await s.control<{ attempts: { status: number }[] }>(
      "POST",
      `/_sim/notifications/${outTradeNo}/duplicate`,
      { count: 10 },
    );
    expect(dups.data.attempts.map((a) => a.status)).toEqual(Array(10).fill(204));
    expect(await transitions()).toBe(1);
    expect(await m.db.notificationEvent.count({ where: { paymentId: p.id, verification: "VERIFIED" } })).toBe(1);
    expect(await m.db.notificationEvent.count({ where: { verification: "REJECTED" } })).toBe(2);

    // A refund the admin asked for: stored, sent, and settled by REFUND.SUCCESS.
    await m.db.paymentAttempt.update({ where: { id: p.id }, data: { refundedFen: 1200, refundCount: 1 } });
    const refund = await m.db.refund.create({
      data: {
        livemode: false,
        paymentId: p.id,
        outRefundNo: `R${outTradeNo}`,
        amountFen: 1200,
        status: "PROCESSING",
        requestedBy: "admin",
      },
    });
    await s.wechat.client.createRefund({
      outTradeNo,
      outRefundNo: refund.outRefundNo,
      refundFen: 1200,
      totalFen: 5000,
      notifyUrl,
    });
    const settled = await until(
      () => m.db.refund.findUniqueOrThrow({ where: { id: refund.id } }),
      (x) => x.status === "SUCCESS",
    );
    expect(settled.status).toBe("SUCCESS");
    expect(settled.refundId).toMatch(/\S+/);
    const paid = await m.db.paymentAttempt.findUniqueOrThrow({ where: { id: p.id }, include: { order: true } });
    expect([paid.status, paid.order.status]).toEqual(["PARTIALLY_REFUNDED", "PARTIALLY_REFUNDED"]);
    expect(await m.db.notificationEvent.findFirstOrThrow({ where: { refundId: refund.id } })).toMatchObject({
      verification: "VERIFIED",
      eventType: "REFUND.SUCCESS",
      outcome: "TRANSITIONED",
    });
  });
});
