// The hostile-notification suite: every forged, stale, tampered, malformed or mismatching
// notification goes through the real route handler against a migrated database and must be
// answered as the protocol says with no state change. Runs on PGlite and on PostgreSQL.
import { createSign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attentionLists, refusedNotifications } from "@/lib/admin/dashboard-stats";
import type { Db } from "@/lib/db/create-prisma";
import { DETAILED_REFUSALS_PER_MINUTE } from "@/lib/payments/notifications/record-rejected-notification";
import {
  buildSignedNotification,
  CertificateVerifier,
  CompositeVerifier,
  generateTestKeyPair,
  signResponseHeaders,
  type PlatformCertificate,
} from "@/lib/wechatpay";
import { platformA } from "@/lib/wechatpay/fixtures";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import {
  API_V3_KEY,
  MCHID,
  SERIAL,
  handlerFor,
  notifyFixture,
  notifyRequest,
  paymentSnapshot,
  pendingPayment,
  signedSuccess,
  successResource,
} from "./notify-fixture";

const { platform, wechat } = notifyFixture();

/** Refusals of one reason counted so far, over all minutes. */
const tallied = async (db: Db, reason: string) =>
  (await db.rejectedNotificationTally.aggregate({ where: { reason }, _sum: { count: true } }))._sum.count ?? 0;
const attacker = generateTestKeyPair();
const key = platform.privateKeyPem;

type Forged = { rawBody: string; headers: Record<string, string> };
/** Re-signs a body with the real platform key: the signature holds, the content is hostile. */
const resign = (rawBody: string): Forged => ({
  rawBody,
  headers: signResponseHeaders({ privateKey: key, serial: SERIAL, body: rawBody }),
});
const mutateResource = (n: Forged, f: (r: Record<string, string>) => void): Forged => {
  const env = JSON.parse(n.rawBody) as { resource: Record<string, string> };
  f(env.resource);
  return resign(JSON.stringify(env));
};
const without = (n: Forged, header: string): Forged => {
  const headers = { ...n.headers };
  delete headers[header];
  return { rawBody: n.rawBody, headers };
};
const flipLastChar = (b64: string) => b64.slice(0, -3) + (b64.at(-3) === "A" ? "B" : "A") + b64.slice(-2);

// Refused before anything is applied: status, the REJECTED reason stored, and the forgery.
const refusals: [string, number, string, (outTradeNo: string, total: number) => Forged | Request][] = [
  [
    "forged signature (another key, same serial)",
    401,
    "SIGNATURE",
    (o, t) =>
      buildSignedNotification({
        privateKey: attacker.privateKeyPem,
        serial: SERIAL,
        apiV3Key: API_V3_KEY,
        eventType: "TRANSACTION.SUCCESS",
        resource: successResource(o, t),
      }),
  ],
  [
    "body changed after signing",
    401,
    "SIGNATURE",
    (o, t) => {
      const n = signedSuccess(key, successResource(o, t));
      return { rawBody: n.rawBody.replace('"summary":"支付成功"', '"summary":"支付成功 "'), headers: n.headers };
    },
  ],
  [
    "re-serialised JSON (indented) under the original signature",
    401,
    "SIGNATURE",
    (o, t) => {
      const n = signedSuccess(key, successResource(o, t));
      return { rawBody: JSON.stringify(JSON.parse(n.rawBody), null, 2), headers: n.headers };
    },
  ],
  [
    "signature of garbage",
    401,
    "SIGNATURE",
    (o, t) => {
      const n = signedSuccess(key, successResource(o, t));
      return {
        rawBody: n.rawBody,
        headers: { ...n.headers, "Wechatpay-Signature": Buffer.from("x".repeat(256)).toString("base64") },
      };
    },
  ],
  [
    "SIGNTEST probe",
    401,
    "SIGNTEST_PROBE",
    (o, t) =>
      buildSignedNotification({
        privateKey: key,
        serial: SERIAL,
        apiV3Key: API_V3_KEY,
        eventType: "TRANSACTION.SUCCESS",
        resource: successResource(o, t),
        signature: "WECHATPAY/SIGNTEST/ZmFrZQ==",
      }),
  ],
  [
    "stale timestamp (301 s old)",
    401,
    "TIMESTAMP",
    (o, t) => signedSuccess(key, successResource(o, t), { now: Date.now() - 301_000 }),
  ],
  [
    "future timestamp (301 s ahead)",
    401,
    "TIMESTAMP",
    (o, t) => signedSuccess(key, successResource(o, t), { now: Date.now() + 301_000 }),
  ],
  [
    "replay of an old valid notification (1 h)",
    401,
    "TIMESTAMP",
    (o, t) => signedSuccess(key, successResource(o, t), { now: Date.now() - 3600_000 }),
  ],
  [
    "malformed timestamp",
    401,
    "TIMESTAMP",
    (o, t) => {
      const n = signedSuccess(key, successResource(o, t));
      return { rawBody: n.rawBody, headers: { ...n.headers, "Wechatpay-Timestamp": "17e8" } };
    },
  ],
  [
    "unknown serial",
    401,
    "UNKNOWN_SERIAL",
    (o, t) =>
      buildSignedNotification({
        privateKey: key,
        serial: "PUB_KEY_ID_0114999999999999999999999999",
        apiV3Key: API_V3_KEY,
        eventType: "TRANSACTION.SUCCESS",
        resource: successResource(o, t),
      }),
  ],
  [
    "wrong signature type",
    400,
    "ALGORITHM",
    (o, t) => {
      const n = signedSuccess(key, successResource(o, t));
      return { rawBody: n.rawBody, headers: { ...n.headers, "Wechatpay-Signature-Type": "HMAC-SHA256" } };
    },
  ],
  [
    "missing Wechatpay-Signature",
    401,
    "SIGNATURE",
    (o, t) => without(signedSuccess(key, successResource(o, t)), "Wechatpay-Signature"),
  ],
  [
    "missing Wechatpay-Timestamp",
    401,
    "SIGNATURE",
    (o, t) => without(signedSuccess(key, successResource(o, t)), "Wechatpay-Timestamp"),
  ],
  [
    "missing Wechatpay-Nonce",
    401,
    "SIGNATURE",
    (o, t) => without(signedSuccess(key, successResource(o, t)), "Wechatpay-Nonce"),
  ],
  [
    "missing Wechatpay-Serial",
    401,
    "SIGNATURE",
    (o, t) => without(signedSuccess(key, successResource(o, t)), "Wechatpay-Serial"),
  ],
  ["no headers, no body", 401, "SIGNATURE", () => ({ rawBody: "", headers: {} })],
  [
    "tampered ciphertext (validly signed)",
    400,
    "DECRYPTION",
    (o, t) =>
      mutateResource(signedSuccess(key, successResource(o, t)), (r) => {
        const bytes = Buffer.from(r.ciphertext!, "base64");
        bytes[3] = bytes[3]! ^ 0xff;
        r.ciphertext = bytes.toString("base64");
      }),
  ],
  [
    "tampered GCM tag (validly signed)",
    400,
    "DECRYPTION",
    (o, t) =>
      mutateResource(signedSuccess(key, successResource(o, t)), (r) => {
        r.ciphertext = flipLastChar(r.ciphertext!);
      }),
  ],
  [
    "tampered associated data (validly signed)",
    400,
    "DECRYPTION",
    (o, t) =>
      mutateResource(signedSuccess(key, successResource(o, t)), (r) => {
        r.associated_data = "refund";
      }),
  ],
  [
    "tampered resource nonce (validly signed)",
    400,
    "DECRYPTION",
    (o, t) =>
      mutateResource(signedSuccess(key, successResource(o, t)), (r) => {
        r.nonce = "AAAAAAAAAAAA";
      }),
  ],
  [
    "encrypted under another APIv3 key",
    400,
    "DECRYPTION",
    (o, t) =>
      buildSignedNotification({
        privateKey: key,
        serial: SERIAL,
        apiV3Key: "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ",
        eventType: "TRANSACTION.SUCCESS",
        resource: successResource(o, t),
      }),
  ],
  [
    "wrong resource algorithm",
    400,
    "ALGORITHM",
    (o, t) =>
      buildSignedNotification({
        privateKey: key,
        serial: SERIAL,
        apiV3Key: API_V3_KEY,
        eventType: "TRANSACTION.SUCCESS",
        resource: successResource(o, t),
        algorithm: "AEAD_AES_128_GCM",
      }),
  ],
  ["body is not JSON (validly signed)", 400, "MALFORMED", () => resign("id=1&event_type=TRANSACTION.SUCCESS")],
  [
    "envelope without resource (validly signed)",
    400,
    "MALFORMED",
    () =>
      resign(
        JSON.stringify({
          id: "EV-no-resource",
          create_time: "2026-11-26T10:00:00+08:00",
          resource_type: "encrypt-resource",
          event_type: "TRANSACTION.SUCCESS",
        }),
      ),
  ],
  [
    "plaintext is not JSON",
    400,
    "MALFORMED",
    () =>
      buildSignedNotification({
        privateKey: key,
        serial: SERIAL,
        apiV3Key: API_V3_KEY,
        eventType: "TRANSACTION.SUCCESS",
        resource: "paid, trust me",
      }),
  ],
  [
    "plaintext without amount",
    400,
    "MALFORMED",
    (o, t) => {
      const { amount: _omit, ...rest } = successResource(o, t);
      void _omit;
      return buildSignedNotification({
        privateKey: key,
        serial: SERIAL,
        apiV3Key: API_V3_KEY,
        eventType: "TRANSACTION.SUCCESS",
        resource: rest,
      });
    },
  ],
  [
    "amount as a float string",
    400,
    "MALFORMED",
    (o, t) => signedSuccess(key, { ...successResource(o, t), amount: { total: `${t / 100}`, currency: "CNY" } }),
  ],
  [
    "oversized body (70 KB)",
    413,
    "BODY_TOO_LARGE",
    (o, t) => {
      const n = signedSuccess(key, { ...successResource(o, t), attach: "x".repeat(70_000) });
      return n;
    },
  ],
  [
    "oversized declared Content-Length",
    413,
    "BODY_TOO_LARGE",
    (o, t) => {
      const n = signedSuccess(key, successResource(o, t));
      return new Request("http://127.0.0.1/api/v1/payments/wechat/notify", {
        method: "POST",
        headers: { ...n.headers, "Content-Length": String(10 * 1024 * 1024) },
        body: n.rawBody,
      });
    },
  ],
  [
    "oversized chunked body without Content-Length",
    413,
    "BODY_TOO_LARGE",
    (o, t) => {
      const n = signedSuccess(key, successResource(o, t));
      const piece = new TextEncoder().encode("x".repeat(16 * 1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 100)
            controller.enqueue(piece); // 1.6 MB if read to the end
          else controller.close();
        },
      });
      return new Request("http://127.0.0.1/api/v1/payments/wechat/notify", {
        method: "POST",
        headers: n.headers,
        body,
        duplex: "half",
      } as RequestInit);
    },
  ],
];

// Verified and well-formed, but they do not match what we stored: flagged, 204, never applied.
const mismatches: [string, string, (outTradeNo: string, total: number) => unknown][] = [
  ["wrong mchid", "MCHID_MISMATCH", (o, t) => successResource(o, t, { mchid: "1900000999" })],
  ["wrong appid", "APPID_MISMATCH", (o, t) => successResource(o, t, { appid: "wxattackerappid01" })],
  ["amount below the order's", "AMOUNT_MISMATCH", (o) => successResource(o, 1)],
  ["amount above the order's", "AMOUNT_MISMATCH", (o, t) => successResource(o, t + 100)],
  ["foreign currency", "CURRENCY_MISMATCH", (o, t) => successResource(o, t, { amount: { total: t, currency: "USD" } })],
  ["unknown out_trade_no", "UNKNOWN_OUT_TRADE_NO", (_o, t) => successResource("NOSUCHORDER000001", t)],
];

describe.each(["pglite", "postgres"] as const)("hostile notifications through POST on %s", (kind) => {
  let m: MigratedDb | null;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
  }, 60_000);
  afterAll(async () => {
    await m?.dispose();
    wechat.stop();
  });

  it.for(refusals)("%s → %i, REJECTED, nothing changes", async ([, status, reason, forge], ctx) => {
    if (!m) return ctx.skip();
    const db = m.db;
    const p = await pendingPayment(db, 2900, "H");
    const before = await paymentSnapshot(db, p.id);
    const eventsBefore = await db.notificationEvent.count();
    const talliedBefore = await tallied(db, reason);
    const forged = forge(p.outTradeNo, p.amountFen);
    const request = forged instanceof Request ? forged : notifyRequest(forged.rawBody, forged.headers);

    const res = await handlerFor(db, wechat)(request);

    expect(res.status).toBe(status);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe("FAIL");
    expect(body.message.length).toBeGreaterThan(0);
    expect(await paymentSnapshot(db, p.id)).toEqual(before);
    // Always counted; kept as its own row only while its minute has seen few of this reason.
    expect(await tallied(db, reason)).toBe(talliedBefore + 1);
    const events = await db.notificationEvent.findMany({
      orderBy: { receivedAt: "desc" },
      take: (await db.notificationEvent.count()) - eventsBefore,
    });
    const minuteCount = await db.rejectedNotificationTally.findFirstOrThrow({
      where: { reason },
      orderBy: { lastAt: "desc" },
    });
    expect(events).toHaveLength(minuteCount.count <= DETAILED_REFUSALS_PER_MINUTE ? 1 : 0);
    for (const ev of events) {
      expect(ev).toMatchObject({ verification: "REJECTED", notificationId: null, resource: null, paymentId: null });
      expect(ev.failureReason).toMatch(new RegExp(`^${reason}: `));
    }
  });

  it("200 forged notifications leave the flagged list as it was and add a few rows, not 200", async (ctx) => {
    if (!m) return ctx.skip();
    const db = m.db;
    // A fixed minute of its own, so the other cases' refusals do not share its tallies.
    const at = Date.parse("2026-11-20T08:00:05Z");
    const post = handlerFor(db, wechat, { now: () => at });
    const p = await pendingPayment(db, 2900, "F");
    const real = signedSuccess(key, successResource(p.outTradeNo, 1), { id: `EV-F-${p.id}`, now: at });
    expect((await post(notifyRequest(real.rawBody, real.headers))).status).toBe(204);
    const flaggedBefore = (await attentionLists(db, false, false)).notifications;
    expect(flaggedBefore.map((n) => n.flagReason)).toContain("AMOUNT_MISMATCH");
    const before = await paymentSnapshot(db, p.id);
    const rowsBefore = (await db.notificationEvent.count()) + (await db.rejectedNotificationTally.count());

    for (let i = 0; i < 200; i++) {
      const forged =
        i % 2
          ? buildSignedNotification({
              privateKey: attacker.privateKeyPem,
              serial: SERIAL,
              apiV3Key: API_V3_KEY,
              eventType: "TRANSACTION.SUCCESS",
              resource: successResource(p.outTradeNo, p.amountFen),
              now: at,
            })
          : signedSuccess(key, successResource(p.outTradeNo, p.amountFen), { now: at - 3600_000 });
      expect((await post(notifyRequest(forged.rawBody, forged.headers))).status).toBe(401);
    }

    expect((await attentionLists(db, false, false)).notifications).toEqual(flaggedBefore);
    expect(await paymentSnapshot(db, p.id)).toEqual(before);
    const rowsAfter = (await db.notificationEvent.count()) + (await db.rejectedNotificationTally.count());
    // Two reasons in one minute: two tally rows plus the first few of each as events.
    expect(rowsAfter - rowsBefore).toBe(2 + 2 * DETAILED_REFUSALS_PER_MINUTE);
    expect(await refusedNotifications(db, new Date(at + 60_000), 1)).toEqual([
      { reason: "SIGNATURE", count: 100, lastAt: new Date(at) },
      { reason: "TIMESTAMP", count: 100, lastAt: new Date(at) },
    ]);
  });

  it.for(mismatches)("verified but %s → 204, flagged, never paid", async ([, reason, resource], ctx) => {
    if (!m) return ctx.skip();
    const db = m.db;
    const p = await pendingPayment(db, 2900, "M");
    const before = await paymentSnapshot(db, p.id);
    const n = signedSuccess(key, resource(p.outTradeNo, p.amountFen), { id: `EV-M-${p.id}` });

    const res = await handlerFor(db, wechat)(notifyRequest(n.rawBody, n.headers));

    expect(res.status).toBe(204);
    expect(await paymentSnapshot(db, p.id)).toEqual(before);
    const ev = await db.notificationEvent.findUniqueOrThrow({ where: { notificationId: `EV-M-${p.id}` } });
    expect(ev).toMatchObject({ verification: "VERIFIED", flagged: true, flagReason: reason, outcome: "FLAGGED" });
    // A redelivery of the same flagged notification is a duplicate: still nothing applied.
    const again = await handlerFor(db, wechat)(notifyRequest(n.rawBody, n.headers));
    expect(again.status).toBe(204);
    expect(await db.notificationEvent.count({ where: { notificationId: `EV-M-${p.id}` } })).toBe(1);
    expect(await paymentSnapshot(db, p.id)).toEqual(before);
  });

  it("a refund notification whose amount does not match the stored refund is flagged", async (ctx) => {
    if (!m) return ctx.skip();
    const db = m.db;
    const p = await pendingPayment(db, 5000, "R");
    await db.paymentAttempt.update({
      where: { id: p.id },
      data: { status: "PAID", transactionId: `4200R${p.id.slice(0, 8)}`, refundedFen: 1000, refundCount: 1 },
    });
    const refund = await db.refund.create({
      data: {
        livemode: false,
        paymentId: p.id,
        outRefundNo: `RF${p.outTradeNo}`,
        amountFen: 1000,
        status: "PROCESSING",
        requestedBy: "admin@test",
      },
    });
    const before = await paymentSnapshot(db, p.id);
    const n = buildSignedNotification({
      privateKey: key,
      serial: SERIAL,
      apiV3Key: API_V3_KEY,
      eventType: "REFUND.SUCCESS",
      id: `EV-RF-${p.id}`,
      resource: {
        mchid: "1900000109",
        transaction_id: `4200R${p.id.slice(0, 8)}`,
        out_trade_no: p.outTradeNo,
        refund_id: "50300000001",
        out_refund_no: refund.outRefundNo,
        refund_status: "SUCCESS",
        success_time: "2026-11-26T10:05:00+08:00",
        amount: { total: 5000, refund: 5000, payer_total: 5000, payer_refund: 5000 },
      },
    });
    const res = await handlerFor(db, wechat)(notifyRequest(n.rawBody, n.headers));
    expect(res.status).toBe(204);
    expect(await paymentSnapshot(db, p.id)).toEqual(before);
    expect((await db.refund.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe("PROCESSING");
    expect(await db.notificationEvent.findUniqueOrThrow({ where: { notificationId: `EV-RF-${p.id}` } })).toMatchObject({
      flagged: true,
      flagReason: "AMOUNT_MISMATCH",
    });
  });

  it("a database failure is answered 500 FAIL so WeChat Pay retries, and the retry applies once", async (ctx) => {
    if (!m) return ctx.skip();
    const db = m.db;
    const p = await pendingPayment(db, 2900, "D");
    const before = await paymentSnapshot(db, p.id);
    const n = signedSuccess(key, successResource(p.outTradeNo, p.amountFen), { id: `EV-D-${p.id}` });
    const broken = handlerFor(db, wechat, { getDb: () => Promise.reject(new Error("connection refused")) });
    const res = await broken(notifyRequest(n.rawBody, n.headers));
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: "FAIL" });
    expect(await paymentSnapshot(db, p.id)).toEqual(before);
    expect(await db.notificationEvent.count({ where: { notificationId: `EV-D-${p.id}` } })).toBe(0);

    const retry = await handlerFor(db, wechat)(notifyRequest(n.rawBody, n.headers));
    expect(retry.status).toBe(204);
    expect(await paymentSnapshot(db, p.id)).toMatchObject({ status: "PAID", orderStatus: "PAID", transitions: 1 });
  });

  it("a slow database past the deadline is answered 500, never a late 204", async (ctx) => {
    if (!m) return ctx.skip();
    const db = m.db;
    const p = await pendingPayment(db, 2900, "S");
    const n = signedSuccess(key, successResource(p.outTradeNo, p.amountFen));
    const slow = handlerFor(db, wechat, { deadlineMs: 50, getDb: () => new Promise(() => {}) });
    const res = await slow(notifyRequest(n.rawBody, n.headers));
    expect(res.status).toBe(500);
    expect(await paymentSnapshot(db, p.id)).toMatchObject({ status: "PENDING", transitions: 0 });
  });

  it("the genuine notification pays once; its replay inside the window is a 204 duplicate", async (ctx) => {
    if (!m) return ctx.skip();
    const db = m.db;
    const p = await pendingPayment(db, 2900, "G");
    const n = signedSuccess(key, successResource(p.outTradeNo, p.amountFen), { id: `EV-G-${p.id}` });
    const post = handlerFor(db, wechat);
    expect((await post(notifyRequest(n.rawBody, n.headers))).status).toBe(204);
    const paid = await paymentSnapshot(db, p.id);
    expect(paid).toMatchObject({ status: "PAID", orderStatus: "PAID", transitions: 1 });
    expect((await post(notifyRequest(n.rawBody, n.headers))).status).toBe(204);
    expect(await paymentSnapshot(db, p.id)).toEqual(paid);
    const ev = await db.notificationEvent.findUniqueOrThrow({ where: { notificationId: `EV-G-${p.id}` } });
    expect(ev).toMatchObject({ verification: "VERIFIED", outcome: "TRANSITIONED", paymentId: p.id, serial: SERIAL });
    expect(ev.resource).toMatchObject({ out_trade_no: p.outTradeNo, amount: { total: 2900 } });
  });

  it("an event type we do not handle is verified, kept and answered 204", async (ctx) => {
    if (!m) return ctx.skip();
    const db = m.db;
    const id = `EV-O-${Date.now()}`;
    const n = buildSignedNotification({
      privateKey: key,
      serial: SERIAL,
      apiV3Key: API_V3_KEY,
      eventType: "MCHTRANSFER.BILL.FINISHED",
      associatedData: "mch_payment",
      resource: { out_bill_no: "B1" },
      id,
    });
    const res = await handlerFor(db, wechat)(notifyRequest(n.rawBody, n.headers));
    expect(res.status).toBe(204);
    expect(await db.notificationEvent.findUniqueOrThrow({ where: { notificationId: id } })).toMatchObject({
      verification: "VERIFIED",
      outcome: "IGNORED",
      eventType: "MCHTRANSFER.BILL.FINISHED",
    });
  });

  describe("corpus: verified or near-verified notifications that must change nothing", () => {
    const T = Date.parse("2026-11-26T02:00:00Z"); // a whole second: the window edges are exact
    const at = (db: Db, now = T) => handlerFor(db, wechat, { now: () => now });
    const notification = (
      eventType: string,
      resource: unknown,
      over: { id?: string; aad?: string; now?: number } = {},
    ) =>
      buildSignedNotification({
        privateKey: key,
        serial: SERIAL,
        apiV3Key: API_V3_KEY,
        eventType,
        resource,
        id: over.id,
        associatedData: over.aad,
        now: over.now ?? T,
      });

    /** A payment as the app holds it once paid (transaction id stored). */
    async function paidPayment(db: Db, tag: string) {
      const p = await pendingPayment(db, 5000, tag);
      await db.order.update({ where: { id: p.orderId }, data: { status: "PAID" } });
      return db.paymentAttempt.update({
        where: { id: p.id },
        data: { status: "PAID", transactionId: `4200${tag}${p.outTradeNo}`.slice(0, 32), paidAt: new Date(T) },
      });
    }
    async function refundOf(db: Db, tag: string, status: "PROCESSING" | "SUCCESS" | "CLOSED" | "ABNORMAL") {
      const p = await paidPayment(db, tag);
      await db.paymentAttempt.update({ where: { id: p.id }, data: { refundedFen: 1000, refundCount: 1 } });
      const refund = await db.refund.create({
        data: {
          livemode: false,
          paymentId: p.id,
          outRefundNo: `RF${p.outTradeNo}`,
          refundId: `5030${p.outTradeNo}`.slice(0, 32),
          amountFen: 1000,
          status,
          requestedBy: "admin@test",
        },
      });
      const resource = (refundStatus: string, over: Record<string, unknown> = {}) => ({
        mchid: MCHID,
        transaction_id: p.transactionId,
        out_trade_no: p.outTradeNo,
        refund_id: refund.refundId,
        out_refund_no: refund.outRefundNo,
        refund_status: refundStatus,
        success_time: "2026-11-26T10:05:00+08:00",
        amount: { total: 5000, refund: 1000, payer_total: 5000, payer_refund: 1000 },
        ...over,
      });
      return { p, refund, resource };
    }
    const refundSnapshot = async (db: Db, id: string) => {
      const r = await db.refund.findUniqueOrThrow({ where: { id } });
      const payment = await paymentSnapshot(db, r.paymentId);
      return { status: r.status, refundId: r.refundId, successAt: r.successAt, payment };
    };
    const flagOf = async (db: Db, id: string) =>
      db.notificationEvent.findUniqueOrThrow({ where: { notificationId: id } }).then((e) => e.flagReason);

    it("PAID_AFTER_CLOSE: a success for a payment we closed is flagged, the order stays closed", async (ctx) => {
      if (!m) return ctx.skip();
      const db = m.db;
      const p = await pendingPayment(db, 2900, "PC");
      await db.paymentAttempt.update({ where: { id: p.id }, data: { status: "CLOSED", tradeState: "CLOSED" } });
      await db.order.update({ where: { id: p.orderId }, data: { status: "CLOSED" } });
      const before = await paymentSnapshot(db, p.id);
      const n = notification("TRANSACTION.SUCCESS", successResource(p.outTradeNo, 2900), { id: `EV-PC-${p.id}` });
      expect((await at(db)(notifyRequest(n.rawBody, n.headers))).status).toBe(204);
      expect(await paymentSnapshot(db, p.id)).toEqual(before);
      expect(await flagOf(db, `EV-PC-${p.id}`)).toBe("PAID_AFTER_CLOSE");
    });

    it("TRANSACTION_ID_MISMATCH: a success naming another transaction for a paid payment is flagged", async (ctx) => {
      if (!m) return ctx.skip();
      const db = m.db;
      const p = await paidPayment(db, "TI");
      const before = await paymentSnapshot(db, p.id);
      const resource = successResource(p.outTradeNo, 5000, { transaction_id: "4200000000000000000000000009" });
      const n = notification("TRANSACTION.SUCCESS", resource, { id: `EV-TI-${p.id}` });
      expect((await at(db)(notifyRequest(n.rawBody, n.headers))).status).toBe(204);
      expect(await paymentSnapshot(db, p.id)).toEqual(before);
      expect(await flagOf(db, `EV-TI-${p.id}`)).toBe("TRANSACTION_ID_MISMATCH");
    });

    it("MISSING_TRANSACTION_ID: a success without transaction_id is refused as malformed", async (ctx) => {
      if (!m) return ctx.skip();
      const db = m.db;
      const p = await pendingPayment(db, 2900, "MT");
      const before = await paymentSnapshot(db, p.id);
      const { transaction_id: _drop, ...resource } = successResource(p.outTradeNo, 2900);
      void _drop;
      for (const r of [resource, { ...resource, transaction_id: "" }]) {
        const n = notification("TRANSACTION.SUCCESS", r);
        expect((await at(db)(notifyRequest(n.rawBody, n.headers))).status).toBe(400);
      }
      expect(await paymentSnapshot(db, p.id)).toEqual(before);
    });

    it("an amount above 2^31 fen is flagged (204), never a 500 WeChat Pay would retry for a day", async (ctx) => {
      if (!m) return ctx.skip();
      const db = m.db;
      const p = await pendingPayment(db, 2900, "BA");
      const before = await paymentSnapshot(db, p.id);
      for (const total of [2 ** 31, 2 ** 53 - 1]) {
        const id = `EV-BA-${total}-${p.id}`;
        const n = notification("TRANSACTION.SUCCESS", successResource(p.outTradeNo, total), { id });
        expect((await at(db)(notifyRequest(n.rawBody, n.headers))).status).toBe(204);
        expect(await flagOf(db, id)).toBe("AMOUNT_MISMATCH");
      }
      // Past 2^53 the JSON number is no longer exact: refused as malformed.
      const huge = notification("TRANSACTION.SUCCESS", successResource(p.outTradeNo, 2 ** 53 + 2));
      expect((await at(db)(notifyRequest(huge.rawBody, huge.headers))).status).toBe(400);
      expect(await paymentSnapshot(db, p.id)).toEqual(before);
    });

    it("a refund notification for an unknown out_refund_no is flagged and moves nothing", async (ctx) => {
      if (!m) return ctx.skip();
      const db = m.db;
      const { p, refund, resource } = await refundOf(db, "UR", "PROCESSING");
      const before = await refundSnapshot(db, refund.id);
      const id = `EV-UR-${p.id}`;
      const n = notification("REFUND.SUCCESS", resource("SUCCESS", { out_refund_no: "RFNOSUCHREFUND0001" }), { id });
      expect((await at(db)(notifyRequest(n.rawBody, n.headers))).status).toBe(204);
      expect(await refundSnapshot(db, refund.id)).toEqual(before);
      expect(await flagOf(db, id)).toBe("UNKNOWN_OUT_REFUND_NO");
    });

    it("a refund notification with a wrong mchid is flagged and moves nothing", async (ctx) => {
      if (!m) return ctx.skip();
      const db = m.db;
      const { p, refund, resource } = await refundOf(db, "RM", "PROCESSING");
      const before = await refundSnapshot(db, refund.id);
      const id = `EV-RM-${p.id}`;
      const n = notification("REFUND.SUCCESS", resource("SUCCESS", { mchid: "1900000999" }), { id });
      expect((await at(db)(notifyRequest(n.rawBody, n.headers))).status).toBe(204);
      expect(await refundSnapshot(db, refund.id)).toEqual(before);
      expect(await flagOf(db, id)).toBe("MCHID_MISMATCH");
    });

    it.for([
      ["SUCCESS", "REFUND.CLOSED", "CLOSED"],
      ["SUCCESS", "REFUND.ABNORMAL", "ABNORMAL"],
      ["CLOSED", "REFUND.ABNORMAL", "ABNORMAL"],
    ] as const)("a %s refund is not moved back by %s", async ([stored, eventType, status], ctx) => {
      if (!m) return ctx.skip();
      const db = m.db;
      const { refund, resource } = await refundOf(db, `RB${stored[0]}${status[0]}`, stored);
      const before = await refundSnapshot(db, refund.id);
      const n = notification(eventType, resource(status));
      expect((await at(db)(notifyRequest(n.rawBody, n.headers))).status).toBe(204);
      expect(await refundSnapshot(db, refund.id)).toEqual(before);
    });

    it("an event_type that does not match the resource or its associated_data is refused", async (ctx) => {
      if (!m) return ctx.skip();
      const db = m.db;
      const p = await pendingPayment(db, 5000, "ET");
      const { refund, resource } = await refundOf(db, "ER", "PROCESSING");
      const pay = successResource(p.outTradeNo, 5000);
      const forged = [
        // A transaction's content under a refund event, and the other way round.
        notification("REFUND.SUCCESS", pay, { aad: "transaction" }),
        notification("TRANSACTION.SUCCESS", resource("SUCCESS"), { aad: "refund" }),
        // The right content, sealed for the other kind of event.
        notification("TRANSACTION.SUCCESS", pay, { aad: "refund" }),
        notification("REFUND.SUCCESS", resource("SUCCESS"), { aad: "transaction" }),
        // The event says one outcome, the resource another.
        notification("TRANSACTION.SUCCESS", { ...pay, trade_state: "CLOSED" }),
        notification("TRANSACTION.SUCCESS", { ...pay, trade_state: "REFUND" }),
        notification("REFUND.SUCCESS", resource("CLOSED")),
        notification("REFUND.CLOSED", resource("SUCCESS")),
        notification("REFUND.ABNORMAL", resource("SUCCESS")),
      ];
      const before = [await paymentSnapshot(db, p.id), await refundSnapshot(db, refund.id)];
      for (const n of forged) {
        const res = await at(db)(notifyRequest(n.rawBody, n.headers));
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({ code: "FAIL" });
      }
      expect([await paymentSnapshot(db, p.id), await refundSnapshot(db, refund.id)]).toEqual(before);
    });

    it.for([
      "Wechatpay-Signature",
      "Wechatpay-Timestamp",
      "Wechatpay-Nonce",
      "Wechatpay-Serial",
      "Wechatpay-Signature-Type",
    ])("a duplicated %s header is refused", async (name, ctx) => {
      if (!m) return ctx.skip();
      const db = m.db;
      const p = await pendingPayment(db, 2900, "DH");
      const before = await paymentSnapshot(db, p.id);
      const n = notification("TRANSACTION.SUCCESS", successResource(p.outTradeNo, 2900));
      const headers = new Headers({ "Content-Type": "application/json", ...n.headers });
      headers.append(name, n.headers[name]!); // the same value twice, as a proxy might join them
      const request = new Request("http://127.0.0.1:3000/api/v1/payments/wechat/notify", {
        method: "POST",
        body: n.rawBody,
        headers,
      });
      const res = await at(db)(request);
      expect([400, 401]).toContain(res.status);
      expect(await paymentSnapshot(db, p.id)).toEqual(before);
    });

    it("non-UTF-8 bytes in a body signed over those bytes are refused, not a 500", async (ctx) => {
      if (!m) return ctx.skip();
      const db = m.db;
      const p = await pendingPayment(db, 2900, "NU");
      const before = await paymentSnapshot(db, p.id);
      const n = notification("TRANSACTION.SUCCESS", successResource(p.outTradeNo, 2900));
      const raw = Buffer.from(n.rawBody.replace('"summary":"支付成功"', '"summary":"\u0000"'), "utf8");
      const at0 = raw.indexOf(Buffer.from("\\u0000"));
      const bytes = Buffer.concat([raw.subarray(0, at0), Buffer.from([0xff, 0xfe, 0xc3]), raw.subarray(at0 + 6)]);
      const ts = n.headers["Wechatpay-Timestamp"]!;
      const nonce = n.headers["Wechatpay-Nonce"]!;
      const signature = createSign("RSA-SHA256")
        .update(Buffer.concat([Buffer.from(`${ts}\n${nonce}\n`), bytes, Buffer.from("\n")]))
        .sign(key, "base64");
      const request = new Request("http://127.0.0.1:3000/api/v1/payments/wechat/notify", {
        method: "POST",
        body: bytes,
        headers: { ...n.headers, "Content-Type": "application/json", "Wechatpay-Signature": signature },
      });
      const res = await at(db)(request);
      expect(res.status).toBe(401);
      expect(await paymentSnapshot(db, p.id)).toEqual(before);
    });

    it("mixed serials in both mode: each key verifies only under its own serial", async (ctx) => {
      if (!m) return ctx.skip();
      const db = m.db;
      // The migration week: WeChat Pay's public key and a platform certificate, picked by serial.
      const certificate: PlatformCertificate = {
        serialNo: platformA.serial,
        effectiveTime: "2026-11-26T00:00:00+08:00",
        expireTime: "2036-11-23T00:00:00+08:00",
        certificatePem: platformA.certificatePem,
      };
      const both = {
        ...wechat,
        verifier: new CompositeVerifier([
          wechat.verifier,
          new CertificateVerifier({ initial: [certificate], load: async () => [certificate], clock: () => T }),
        ]),
      };
      const post = handlerFor(db, both, { now: () => T });
      const signed = (privateKey: string, serial: string, outTradeNo: string) =>
        buildSignedNotification({
          privateKey,
          serial,
          apiV3Key: API_V3_KEY,
          eventType: "TRANSACTION.SUCCESS",
          resource: successResource(outTradeNo, 2900),
          now: T,
        });
      const p = await pendingPayment(db, 2900, "MS");
      const before = await paymentSnapshot(db, p.id);
      for (const n of [
        signed(platformA.privateKeyPem, SERIAL, p.outTradeNo), // certificate key under the public key's id
        signed(key, platformA.serial, p.outTradeNo), // public key under the certificate's serial
      ]) {
        expect((await post(notifyRequest(n.rawBody, n.headers))).status).toBe(401);
      }
      expect(await paymentSnapshot(db, p.id)).toEqual(before);
      // Each under its own serial is genuine.
      const byCertificate = signed(platformA.privateKeyPem, platformA.serial, p.outTradeNo);
      expect((await post(notifyRequest(byCertificate.rawBody, byCertificate.headers))).status).toBe(204);
      expect(await paymentSnapshot(db, p.id)).toMatchObject({ status: "PAID", transitions: 1 });
      const q = await pendingPayment(db, 2900, "MP");
      const byPublicKey = signed(key, SERIAL, q.outTradeNo);
      expect((await post(notifyRequest(byPublicKey.rawBody, byPublicKey.headers))).status).toBe(204);
      expect(await paymentSnapshot(db, q.id)).toMatchObject({ status: "PAID", transitions: 1 });
    });

    it("the timestamp window: exactly ±300 s is refused, ±299 s is accepted", async (ctx) => {
      if (!m) return ctx.skip();
      const db = m.db;
      for (const offset of [-300, 300]) {
        const p = await pendingPayment(db, 2900, "TW");
        const before = await paymentSnapshot(db, p.id);
        const n = notification("TRANSACTION.SUCCESS", successResource(p.outTradeNo, 2900), { now: T + offset * 1000 });
        expect((await at(db)(notifyRequest(n.rawBody, n.headers))).status).toBe(401);
        expect(await paymentSnapshot(db, p.id)).toEqual(before);
      }
      for (const offset of [-299, 299]) {
        const p = await pendingPayment(db, 2900, "TA");
        const n = notification("TRANSACTION.SUCCESS", successResource(p.outTradeNo, 2900), { now: T + offset * 1000 });
        expect((await at(db)(notifyRequest(n.rawBody, n.headers))).status).toBe(204);
        expect(await paymentSnapshot(db, p.id)).toMatchObject({ status: "PAID", transitions: 1 });
      }
    });
  });
});
