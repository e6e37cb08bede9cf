import { describe, expect, it } from "vitest";
import {
  AlgorithmError,
  DecryptionError,
  MalformedNotificationError,
  SignatureError,
  SigntestProbeError,
  TimestampError,
  UnknownSerialError,
} from "./errors";
import { apiV3Key, FIXED_NOW, wechatPublicKey } from "./fixtures";
import { parseNotification } from "./parse-notification";
import { PublicKeyVerifier } from "./public-key-verifier";
import { buildSignedNotification, signResponseHeaders, type SignedNotificationInput } from "./testing";

const verifier = new PublicKeyVerifier(wechatPublicKey.id, wechatPublicKey.publicKeyPem);

const transaction = {
  appid: "wxd678efh567hg6787",
  mchid: "1230000109",
  out_trade_no: "order_20270301_0001",
  transaction_id: "4200001234202703011234567890",
  trade_type: "NATIVE",
  trade_state: "SUCCESS",
  trade_state_desc: "支付成功",
  bank_type: "OTHERS",
  attach: "",
  success_time: "2027-03-01T12:00:00+08:00",
  payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
  amount: { total: 2900, payer_total: 2900, currency: "CNY", payer_currency: "CNY" },
};
const refund = {
  mchid: "1230000109",
  transaction_id: transaction.transaction_id,
  out_trade_no: transaction.out_trade_no,
  refund_id: "50000000382019052709732678859",
  out_refund_no: "refund_0001",
  refund_status: "SUCCESS",
  success_time: "2027-03-02T12:00:00+08:00",
  user_received_account: "支付用户零钱",
  amount: { total: 2900, refund: 900, payer_total: 2900, payer_refund: 900 },
};

function build(overrides: Partial<SignedNotificationInput> = {}) {
  return buildSignedNotification({
    privateKey: wechatPublicKey.privateKeyPem,
    serial: wechatPublicKey.id,
    apiV3Key,
    eventType: "TRANSACTION.SUCCESS",
    resource: transaction,
    now: FIXED_NOW,
    ...overrides,
  });
}

/** Re-signs an arbitrary body, so a test reaches the checks behind the signature. */
function signedBody(rawBody: string) {
  const headers = signResponseHeaders({
    privateKey: wechatPublicKey.privateKeyPem,
    serial: wechatPublicKey.id,
    body: rawBody,
    now: FIXED_NOW,
  });
  return { rawBody, headers };
}

function mutateEnvelope(change: (envelope: Record<string, unknown>) => void) {
  const envelope = JSON.parse(build().rawBody) as Record<string, unknown>;
  change(envelope);
  return signedBody(JSON.stringify(envelope));
}

describe("parseNotification", () => {
  it("returns a verified, decrypted, validated transaction", async () => {
    const { rawBody, headers } = build({ id: "EV-1" });
    const parsed = await parseNotification({ rawBody, headers, now: FIXED_NOW, verifier, apiV3Key });
    expect(parsed.kind).toBe("transaction");
    expect(parsed.envelope.id).toBe("EV-1");
    expect(parsed.envelope.event_type).toBe("TRANSACTION.SUCCESS");
    expect(parsed.resource).toEqual(transaction);
    expect(parsed.requestId).toBe(headers["Request-ID"]);
  });

  it.each(["SUCCESS", "ABNORMAL", "CLOSED"])("returns a refund for REFUND.%s", async (status) => {
    const { rawBody, headers } = build({
      eventType: `REFUND.${status}`,
      resource: { ...refund, refund_status: status },
    });
    const parsed = await parseNotification({ rawBody, headers, now: FIXED_NOW, verifier, apiV3Key });
    expect(parsed.kind).toBe("refund");
    if (parsed.kind !== "refund") throw new Error("unreachable");
    expect(parsed.resource.amount.refund).toBe(900);
    expect(parsed.resource.refund_status).toBe(status);
  });

  it("returns kind 'other' for a verified event it has no schema for", async () => {
    const { rawBody, headers } = build({ eventType: "MARKETING.FOO", resource: { x: 1 } });
    const parsed = await parseNotification({ rawBody, headers, now: FIXED_NOW, verifier, apiV3Key });
    expect(parsed).toMatchObject({ kind: "other", resource: { x: 1 } });
  });

  const valid = build();
  const cases: Array<[string, { rawBody: string; headers: Record<string, string> }, new (...args: never[]) => Error]> =
    [
      ["SIGNTEST probe", build({ signature: "WECHATPAY/SIGNTEST/ZmFrZQ==" }), SigntestProbeError],
      ["timestamp 10 min old", build({ now: FIXED_NOW - 600_000 }), TimestampError],
      ["timestamp 5 min ahead", build({ now: FIXED_NOW + 300_000 }), TimestampError],
      ["unknown serial", build({ serial: "PUB_KEY_ID_0000000000000000000001" }), UnknownSerialError],
      [
        "wrong Wechatpay-Signature-Type",
        { ...valid, headers: { ...valid.headers, "Wechatpay-Signature-Type": "WECHATPAY2-SM2-WITH-SM3" } },
        AlgorithmError,
      ],
      ["wrong resource algorithm", build({ algorithm: "AEAD_SM4_GCM" }), AlgorithmError],
      [
        "tampered body",
        { ...valid, rawBody: valid.rawBody.replace("TRANSACTION.SUCCESS", "TRANSACTION.SUCCES5") },
        SignatureError,
      ],
      [
        "missing signature header",
        { ...valid, headers: { ...valid.headers, "Wechatpay-Signature": "" } },
        SignatureError,
      ],
      [
        "bad GCM tag",
        mutateEnvelope((e) => {
          const resource = e.resource as { ciphertext: string };
          const bytes = Buffer.from(resource.ciphertext, "base64");
          bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
          resource.ciphertext = bytes.toString("base64");
        }),
        DecryptionError,
      ],
      [
        "wrong AAD",
        mutateEnvelope((e) => {
          (e.resource as { associated_data: string }).associated_data = "refund";
        }),
        DecryptionError,
      ],
      ["encrypted with another APIv3 key", build({ apiV3Key: "Z".repeat(32) }), DecryptionError],
      ["malformed JSON body", signedBody('{"id":"EV-1",'), MalformedNotificationError],
      [
        "envelope without resource",
        mutateEnvelope((e) => {
          delete e.resource;
        }),
        MalformedNotificationError,
      ],
      ["plaintext not JSON", build({ resource: "not json" }), MalformedNotificationError],
      [
        "resource_type other than encrypt-resource",
        mutateEnvelope((e) => {
          e.resource_type = "plain-resource";
        }),
        MalformedNotificationError,
      ],
      [
        "transaction missing amount",
        build({ resource: { ...transaction, amount: undefined } }),
        MalformedNotificationError,
      ],
      [
        "transaction with float amount",
        build({ resource: { ...transaction, amount: { total: 29.5, currency: "CNY" } } }),
        MalformedNotificationError,
      ],
      ["unknown trade_state", build({ resource: { ...transaction, trade_state: "PAID" } }), MalformedNotificationError],
      [
        "refund missing out_refund_no",
        build({ eventType: "REFUND.SUCCESS", resource: { ...refund, out_refund_no: undefined } }),
        MalformedNotificationError,
      ],
    ];

  it.each(cases)("rejects %s", async (_name, { rawBody, headers }, ErrorClass) => {
    const error = await parseNotification({ rawBody, headers, now: FIXED_NOW, verifier, apiV3Key }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).constructor).toBe(ErrorClass);
    expect((error as Error).message).not.toContain(apiV3Key);
    expect((error as Error).message).not.toContain(rawBody);
    expect((error as { requestId?: string }).requestId).toBe(headers["Request-ID"]);
  });
});
