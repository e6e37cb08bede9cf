import { X509Certificate, createPrivateKey, createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Aes, Formatter, Rsa } from "wechatpay-axios-plugin";
import { verifyRequest } from "../auth";
import { aesGcmDecrypt, aesGcmEncrypt } from "./aes-gcm";
import { createIdentity, hydrate, openidFor } from "./keys";
import { requestMessage, responseMessage, rsaSign } from "./sign";
import { parseAuthorization, rsaVerify } from "./verify";

// WeChat Pay's published known-answer vectors, kept in the repository (read as files: the
// simulator imports nothing from lib/).
const VECTORS = new URL("../../lib/wechatpay/fixtures/official/", import.meta.url);
const key = readFileSync(new URL("official-test-key.pem", VECTORS), "utf8");
const body = readFileSync(new URL("request-body.json", VECTORS), "utf8");
const expected = readFileSync(new URL("request-signature.txt", VECTORS), "utf8").trim();

describe("official vectors", () => {
  it("request signature matches the official known answer", () => {
    const message = requestMessage(
      "POST",
      "/v3/pay/transactions/jsapi",
      "1554208460",
      "593BEC0C930BF1AFEB40B4A08C8FB242",
      body,
    );
    expect(rsaSign(message, createPrivateKey(key))).toBe(expected);
    expect(rsaVerify(message, expected, createPublicKey(createPrivateKey(key)))).toBe(true);
    expect(rsaVerify(`${message}x`, expected, createPublicKey(createPrivateKey(key)))).toBe(false);
  });

  it("agrees with wechatpay-axios-plugin's formatter and signer on the vector", () => {
    const theirs = Formatter.request(
      "POST",
      "/v3/pay/transactions/jsapi",
      "1554208460",
      "593BEC0C930BF1AFEB40B4A08C8FB242",
      body,
    );
    expect(theirs).toBe(
      requestMessage("POST", "/v3/pay/transactions/jsapi", "1554208460", "593BEC0C930BF1AFEB40B4A08C8FB242", body),
    );
    expect(Rsa.sign(theirs, Rsa.from(key, Rsa.KEY_TYPE_PRIVATE))).toBe(expected);
    expect(Formatter.response("1", "n", "b")).toBe(responseMessage("1", "n", "b"));
  });

  it("AES-256-GCM matches the wechatpay-java known answer, both ways", () => {
    const k = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    expect(aesGcmEncrypt("message", k, "uluk4a9R25RW", "associatedData")).toBe("ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=");
    expect(aesGcmDecrypt("ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=", k, "uluk4a9R25RW", "associatedData")).toBe("message");
    expect(
      Aes.AesGcm.decrypt(aesGcmEncrypt("你好", k, "uluk4a9R25RW", "transaction"), k, "uluk4a9R25RW", "transaction"),
    ).toBe("你好");
  });

  it("AES-256-GCM rejects a wrong AAD, key or tampered tag", () => {
    const k = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    const c = aesGcmEncrypt("message", k, "uluk4a9R25RW", "refund");
    expect(() => aesGcmDecrypt(c, k, "uluk4a9R25RW", "transaction")).toThrow();
    expect(() => aesGcmDecrypt(c, "b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb", "uluk4a9R25RW", "refund")).toThrow();
    const raw = Buffer.from(c, "base64");
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    expect(() => aesGcmDecrypt(raw.toString("base64"), k, "uluk4a9R25RW", "refund")).toThrow();
  });
});

describe("identity", () => {
  const identity = hydrate(createIdentity(new Date("2026-11-26T00:00:00Z")));

  it("creates a self-signed platform certificate node can parse and verify", () => {
    const cert = new X509Certificate(identity.platformCertificatePem);
    expect(cert.serialNumber.toUpperCase()).toBe(identity.platformCertificateSerialNo);
    expect(identity.platformCertificateSerialNo).toMatch(/^[0-9A-F]{40}$/);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(identity.platformPrivateKey)).toBe(true);
    expect(cert.subject).toContain("CN=Wechatpay Simulator Platform Certificate");
    expect(Date.parse(cert.validTo)).toBeGreaterThan(Date.parse("2030-01-01"));
  });

  it("has a PUB_KEY_ID_ public key distinct from the certificate key, and a 32-byte APIv3 key", () => {
    expect(identity.publicKeyId).toMatch(/^PUB_KEY_ID_\d{28}$/);
    expect(identity.publicKeyPem).toContain("BEGIN PUBLIC KEY");
    expect(identity.publicKeyPem).not.toBe(identity.platformPublicKey.export({ type: "spki", format: "pem" }));
    expect(Buffer.byteLength(identity.merchant.apiV3Key)).toBe(32);
    expect(identity.merchant.merchantSerialNo).toMatch(/^[0-9A-F]{40}$/);
  });

  it("stable openids per user and appid", () => {
    const a = openidFor(identity, "wx1", "alice");
    expect(a).toMatch(/^o[\w-]{27}$/);
    expect(openidFor(identity, "wx1", "alice")).toBe(a);
    expect(openidFor(identity, "wx2", "alice")).not.toBe(a);
    expect(openidFor(identity, "wx1", "bob")).not.toBe(a);
  });

  it("verifies a merchant request signed by the plugin and rejects table-driven failures", () => {
    const priv = Rsa.from(identity.merchant.merchantPrivateKeyPem, Rsa.KEY_TYPE_PRIVATE);
    const ts = 1_800_000_000;
    const sign = (m: string, p: string, b: string, t = ts, n = "N0NCE") =>
      Formatter.authorization(
        identity.merchant.mchid,
        n,
        Rsa.sign(Formatter.request(m, p, t, n, b), priv),
        t,
        identity.merchant.merchantSerialNo,
      );
    const good = {
      method: "POST",
      pathWithQuery: "/v3/x",
      body: '{"a":1}',
      authorization: sign("POST", "/v3/x", '{"a":1}'),
    };
    expect(verifyRequest(identity, good, ts)).toBe(identity.merchant.mchid);
    const cases: Array<[string, Partial<typeof good>, number?]> = [
      ["tampered body", { body: '{"a":2}' }],
      ["other path", { pathWithQuery: "/v3/y" }],
      ["other method", { method: "PUT" }],
      ["missing header", { authorization: undefined }],
      ["wrong scheme", { authorization: good.authorization.replace("WECHATPAY2-SHA256-RSA2048", "Bearer") }],
      ["wrong serial", { authorization: good.authorization.replace(identity.merchant.merchantSerialNo, "ABCDEF") }],
      ["garbage signature", { authorization: good.authorization.replace(/signature="[^"]+"/, 'signature="!!"') }],
      ["skewed clock +301 s", {}, ts + 301],
      ["skewed clock -301 s", {}, ts - 301],
    ];
    for (const [name, patch, now] of cases) {
      expect(() => verifyRequest(identity, { ...good, ...patch }, now ?? ts), name).toThrow(
        expect.objectContaining({ status: 401, code: "SIGN_ERROR" }),
      );
    }
    expect(() =>
      verifyRequest(
        identity,
        { ...good, authorization: good.authorization.replace(identity.merchant.mchid, "1111111111") },
        ts,
      ),
    ).toThrow(expect.objectContaining({ code: "MCH_NOT_EXISTS" }));
  });

  it("parses Authorization attributes in any order", () => {
    const p = parseAuthorization(
      'WECHATPAY2-SHA256-RSA2048 signature="c2ln",serial_no="AB",timestamp="1",nonce_str="n",mchid="1"',
    );
    expect(p).toEqual({ mchid: "1", nonce_str: "n", timestamp: "1", serial_no: "AB", signature: "c2ln" });
    expect(parseAuthorization('WECHATPAY2-SHA256-RSA2048 mchid="1"')).toHaveProperty("error");
  });
});
