// Interop with wechatpay-axios-plugin, an implementation nobody here wrote: its signatures,
// ciphertexts and notifications must pass through our code, and ours through its helpers.
import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Aes, Formatter, Rsa } from "wechatpay-axios-plugin";
import { decryptAesGcm, encryptAesGcm } from "./aes-gcm";
import { buildAuthorization, buildRequestMessage } from "./build-authorization";
import { apiV3Key, FIXED_NOW, merchantPrivateKeyPem, wechatPublicKey } from "./fixtures";
import { buildJsapiPayParams } from "./jsapi-pay-params";
import { parseNotification } from "./parse-notification";
import { PublicKeyVerifier } from "./public-key-verifier";
import { verifyMessage } from "./sign-message";
import { signResponseHeaders } from "./testing";
import { verifySignedPayload } from "./verify-signed-payload";

const { AesGcm } = Aes as unknown as {
  AesGcm: {
    encrypt(plaintext: string, key: string, iv: string, aad?: string): string;
    decrypt(ciphertext: string, key: string, iv: string, aad?: string): string;
  };
};
const theirMerchantKey = Rsa.from(merchantPrivateKeyPem, Rsa.KEY_TYPE_PRIVATE);
const theirMerchantPublic = Rsa.from(
  createPublicKey(merchantPrivateKeyPem).export({ type: "spki", format: "pem" }).toString(),
  Rsa.KEY_TYPE_PUBLIC,
);
const theirWechatKey = Rsa.from(wechatPublicKey.privateKeyPem, Rsa.KEY_TYPE_PRIVATE);
const theirWechatPublic = Rsa.from(wechatPublicKey.publicKeyPem, Rsa.KEY_TYPE_PUBLIC);
const verifier = new PublicKeyVerifier(wechatPublicKey.id, wechatPublicKey.publicKeyPem);
const ts = Math.floor(FIXED_NOW / 1000);
const body = '{"mchid":"1230000109","out_trade_no":"order_1","amount":{"total":1,"currency":"CNY"}}';

describe("(a) request and response signatures", () => {
  it("they and we both reproduce the official request-signing vector", () => {
    const dir = new URL("./fixtures/official/", import.meta.url);
    const officialBody = readFileSync(new URL("request-body.json", dir), "utf8");
    const expected = readFileSync(new URL("request-signature.txt", dir), "utf8").trim();
    const nonce = "593BEC0C930BF1AFEB40B4A08C8FB242";
    const theirs = Rsa.sign(
      Formatter.request("POST", "/v3/pay/transactions/jsapi", 1554208460, nonce, officialBody),
      theirMerchantKey,
    );
    const header = buildAuthorization({
      mchid: "1230000109",
      serialNo: "ABC",
      privateKey: merchantPrivateKeyPem,
      method: "POST",
      pathWithQuery: "/v3/pay/transactions/jsapi",
      body: officialBody,
      timestamp: 1554208460,
      nonce,
    });
    expect(theirs).toBe(expected);
    expect(header).toContain(`signature="${expected}"`);
  });

  it("their request signature verifies with our message builder and key handling", () => {
    const nonce = Formatter.nonce();
    const theirs = Rsa.sign(
      Formatter.request("POST", "/v3/pay/transactions/native", ts, nonce, body),
      theirMerchantKey,
    );
    const ours = buildRequestMessage({
      method: "POST",
      pathWithQuery: "/v3/pay/transactions/native",
      timestamp: ts,
      nonce,
      body,
    });
    expect(verifyMessage(ours, theirs, createPublicKey(merchantPrivateKeyPem))).toBe(true);
  });

  it("our Authorization header verifies with their Formatter and Rsa, and matches theirs byte for byte in the signature", () => {
    const nonce = Formatter.nonce();
    const header = buildAuthorization({
      mchid: "1230000109",
      serialNo: "ABC",
      privateKey: merchantPrivateKeyPem,
      method: "GET",
      pathWithQuery: "/v3/pay/transactions/id/42?mchid=1230000109",
      body: "",
      timestamp: ts,
      nonce,
    });
    const signature = /signature="([^"]+)"/.exec(header)?.[1] ?? "";
    const theirMessage = Formatter.request("GET", "/v3/pay/transactions/id/42?mchid=1230000109", ts, nonce, "");
    expect(Rsa.verify(theirMessage, signature, theirMerchantPublic)).toBe(true);
    expect(Rsa.sign(theirMessage, theirMerchantKey)).toBe(signature);
  });

  it("a response they sign passes our verifySignedPayload; ours passes their Rsa.verify", async () => {
    const nonce = Formatter.nonce();
    const theirSig = Rsa.sign(Formatter.response(ts, nonce, body), theirWechatKey);
    const headers = {
      "Wechatpay-Timestamp": String(ts),
      "Wechatpay-Nonce": nonce,
      "Wechatpay-Serial": wechatPublicKey.id,
      "Wechatpay-Signature": theirSig,
    };
    await expect(verifySignedPayload({ headers, rawBody: body, now: FIXED_NOW, verifier })).resolves.toMatchObject({
      nonce,
    });
    await expect(verifySignedPayload({ headers, rawBody: `${body} `, now: FIXED_NOW, verifier })).rejects.toThrow();

    const ours = signResponseHeaders({
      privateKey: wechatPublicKey.privateKeyPem,
      serial: wechatPublicKey.id,
      body,
      now: FIXED_NOW,
    });
    const message = Formatter.response(ours["Wechatpay-Timestamp"] ?? "", ours["Wechatpay-Nonce"] ?? "", body);
    expect(Rsa.verify(message, ours["Wechatpay-Signature"] ?? "", theirWechatPublic)).toBe(true);
  });

  it("JSAPI paySign equals theirs over appId\\ntimeStamp\\nnonceStr\\npackage\\n", () => {
    const nonce = Formatter.nonce();
    const { bridge } = buildJsapiPayParams({
      appid: "wxd678efh567hg6787",
      prepayId: "wx2017",
      privateKey: merchantPrivateKeyPem,
      timestamp: ts,
      nonce,
    });
    const theirs = Rsa.sign(
      Formatter.joinedByLineFeed("wxd678efh567hg6787", String(ts), nonce, "prepay_id=wx2017"),
      theirMerchantKey,
    );
    expect(bridge.paySign).toBe(theirs);
  });
});

describe("(b) AEAD_AES_256_GCM", () => {
  const cases = [
    { plaintext: "message", iv: "uluk4a9R25RW", aad: "associatedData" },
    { plaintext: JSON.stringify({ 中文: "支付成功", n: 1 }), iv: Formatter.nonce(12), aad: "transaction" },
    { plaintext: "x".repeat(5000), iv: Formatter.nonce(12), aad: "" },
  ];
  it.each(cases)("their ciphertext decrypts with ours and ours with theirs (aad=$aad)", ({ plaintext, iv, aad }) => {
    const theirs = AesGcm.encrypt(plaintext, apiV3Key, iv, aad);
    expect(decryptAesGcm({ apiV3Key, nonce: iv, associatedData: aad, ciphertext: theirs })).toBe(plaintext);
    const ours = encryptAesGcm({ apiV3Key, nonce: iv, associatedData: aad, plaintext });
    expect(AesGcm.decrypt(ours, apiV3Key, iv, aad)).toBe(plaintext);
    expect(ours).toBe(theirs);
  });
});

describe("(c) a notification they build", () => {
  it("parses with ours into a validated transaction", async () => {
    const resource = {
      appid: "wxd678efh567hg6787",
      mchid: "1230000109",
      out_trade_no: "order_1",
      transaction_id: "4200000000000000000000000001",
      trade_type: "JSAPI",
      trade_state: "SUCCESS",
      trade_state_desc: "支付成功",
      bank_type: "CMC",
      attach: "",
      success_time: "2027-03-01T12:00:00+08:00",
      payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
      amount: { total: 1, payer_total: 1, currency: "CNY", payer_currency: "CNY" },
    };
    const iv = Formatter.nonce(12);
    const rawBody = JSON.stringify({
      id: "EV-018b3a2a",
      create_time: "2027-03-01T12:00:01+08:00",
      resource_type: "encrypt-resource",
      event_type: "TRANSACTION.SUCCESS",
      summary: "支付成功",
      resource: {
        original_type: "transaction",
        algorithm: "AEAD_AES_256_GCM",
        associated_data: "transaction",
        nonce: iv,
        ciphertext: AesGcm.encrypt(JSON.stringify(resource), apiV3Key, iv, "transaction"),
      },
    });
    const nonce = Formatter.nonce();
    const headers = {
      "wechatpay-timestamp": String(ts),
      "wechatpay-nonce": nonce,
      "wechatpay-serial": wechatPublicKey.id,
      "wechatpay-signature-type": "WECHATPAY2-SHA256-RSA2048",
      "wechatpay-signature": Rsa.sign(Formatter.response(ts, nonce, rawBody), theirWechatKey),
    };
    const parsed = await parseNotification({ rawBody, headers, now: FIXED_NOW, verifier, apiV3Key });
    expect(parsed.kind).toBe("transaction");
    expect(parsed.resource).toEqual(resource);
    expect(parsed.envelope.id).toBe("EV-018b3a2a");
  });
});
