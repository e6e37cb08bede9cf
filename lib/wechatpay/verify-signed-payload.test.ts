import { describe, expect, it } from "vitest";
import { AlgorithmError, SignatureError, SigntestProbeError, TimestampError, UnknownSerialError } from "./errors";
import { FIXED_NOW, wechatPublicKey } from "./fixtures";
import { PublicKeyVerifier } from "./public-key-verifier";
import { signResponseHeaders } from "./testing";
import { verifySignedPayload, verifySignedPayloadSync } from "./verify-signed-payload";
import { generateTestKeyPair } from "./testing";

const verifier = new PublicKeyVerifier(wechatPublicKey.id, wechatPublicKey.publicKeyPem);
const rawBody = '{"code_url":"weixin://wxpay/bizpayurl?pr=abc","note":"\\u4e2d  spaced"}';
const signed = (overrides: { body?: string; now?: number; signature?: string } = {}) =>
  signResponseHeaders({
    privateKey: wechatPublicKey.privateKeyPem,
    serial: wechatPublicKey.id,
    body: overrides.body ?? rawBody,
    now: overrides.now ?? FIXED_NOW,
    nonce: "n0nceN0nceN0nceN0nceN0nceN0nce12",
    signature: overrides.signature,
    requestId: "req-1",
  });
const without = (name: string) => Object.fromEntries(Object.entries(signed()).filter(([k]) => k !== name));
const otherKey = generateTestKeyPair().privateKeyPem;

describe("verifySignedPayload", () => {
  it("accepts a correctly signed body and reports the header values", async () => {
    const headers = signed();
    const result = await verifySignedPayload({ headers, rawBody, now: FIXED_NOW, verifier });
    expect(result).toEqual({
      serial: wechatPublicKey.id,
      timestamp: Math.floor(FIXED_NOW / 1000),
      nonce: "n0nceN0nceN0nceN0nceN0nceN0nce12",
      requestId: "req-1",
    });
  });

  it("reads fetch Headers and lower-case plain objects alike", async () => {
    const lower = Object.fromEntries(Object.entries(signed()).map(([k, v]) => [k.toLowerCase(), v]));
    await expect(verifySignedPayload({ headers: lower, rawBody, now: FIXED_NOW, verifier })).resolves.toBeDefined();
    await expect(
      verifySignedPayload({ headers: new Headers(signed()), rawBody, now: FIXED_NOW, verifier }),
    ).resolves.toBeDefined();
  });

  it("accepts 299 s of skew either way", async () => {
    for (const skew of [-299_000, 299_000]) {
      const headers = signed({ now: FIXED_NOW + skew });
      await expect(verifySignedPayload({ headers, rawBody, now: FIXED_NOW, verifier })).resolves.toBeDefined();
    }
  });

  const reSerialised = JSON.stringify(JSON.parse(rawBody));
  const cases: Array<[string, Record<string, string>, string, new (...args: never[]) => Error]> = [
    ["missing Wechatpay-Signature", without("Wechatpay-Signature"), rawBody, SignatureError],
    ["missing Wechatpay-Serial", without("Wechatpay-Serial"), rawBody, SignatureError],
    ["missing Wechatpay-Timestamp", without("Wechatpay-Timestamp"), rawBody, SignatureError],
    ["missing Wechatpay-Nonce", without("Wechatpay-Nonce"), rawBody, SignatureError],
    ["no headers at all (unsigned 2xx)", {}, rawBody, SignatureError],
    [
      "wrong signature type",
      { ...signed(), "Wechatpay-Signature-Type": "WECHATPAY2-SM2-WITH-SM3" },
      rawBody,
      AlgorithmError,
    ],
    ["SIGNTEST probe", signed({ signature: "WECHATPAY/SIGNTEST/abcdef==" }), rawBody, SigntestProbeError],
    ["timestamp 300 s old", signed({ now: FIXED_NOW - 300_000 }), rawBody, TimestampError],
    ["timestamp 300 s ahead", signed({ now: FIXED_NOW + 300_000 }), rawBody, TimestampError],
    ["non-numeric timestamp", { ...signed(), "Wechatpay-Timestamp": "12e9" }, rawBody, TimestampError],
    ["unknown serial", { ...signed(), "Wechatpay-Serial": "PUB_KEY_ID_999" }, rawBody, UnknownSerialError],
    ["tampered body", signed(), rawBody.replace("abc", "abd"), SignatureError],
    ["re-serialised JSON instead of raw bytes", signed(), reSerialised, SignatureError],
    ["nonce changed", { ...signed(), "Wechatpay-Nonce": "other" }, rawBody, SignatureError],
    [
      "signed by another key",
      {
        ...signed(),
        "Wechatpay-Signature":
          signResponseHeaders({
            privateKey: otherKey,
            serial: "x",
            body: rawBody,
            now: FIXED_NOW,
            nonce: "n0nceN0nceN0nceN0nceN0nceN0nce12",
          })["Wechatpay-Signature"] ?? "",
      },
      rawBody,
      SignatureError,
    ],
    ["garbage signature", { ...signed(), "Wechatpay-Signature": "%%%" }, rawBody, SignatureError],
  ];

  it.each(cases)("rejects %s", async (_name, headers, body, ErrorClass) => {
    const error = await verifySignedPayload({ headers, rawBody: body, now: FIXED_NOW, verifier }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as Error).constructor).toBe(ErrorClass);
    expect((error as Error).message).not.toContain(rawBody);
    // The sync variant applies the same checks, in the same order.
    let syncError: unknown;
    try {
      verifySignedPayloadSync({ headers, rawBody: body, now: FIXED_NOW, verifier });
    } catch (e) {
      syncError = e;
    }
    expect((syncError as Error).constructor).toBe(ErrorClass);
  });

  it("verifies synchronously when the key is held", () => {
    expect(verifySignedPayloadSync({ headers: signed(), rawBody, now: FIXED_NOW, verifier }).serial).toBe(
      wechatPublicKey.id,
    );
  });

  it("verifies an empty 204 body too", async () => {
    const headers = signed({ body: "" });
    await expect(verifySignedPayload({ headers, rawBody: "", now: FIXED_NOW, verifier })).resolves.toBeDefined();
    await expect(verifySignedPayload({ headers, rawBody: "{}", now: FIXED_NOW, verifier })).rejects.toThrow(
      SignatureError,
    );
  });
});
