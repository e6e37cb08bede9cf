import { describe, expect, it } from "vitest";
import { encryptAesGcm } from "./aes-gcm";
import { CertificateVerifier } from "./certificate-verifier";
import { createWechatPayClient } from "./client";
import { DecryptionError, UnknownSerialError } from "./errors";
import { apiV3Key, FIXED_NOW, fixedClock, merchantPrivateKeyPem, platformA, platformB } from "./fixtures";
import { fakeWechat, MCH_SERIAL, type Reply } from "./fixtures/fake-wechat";
import { signResponseHeaders } from "./testing";

function certificatesBody(key = apiV3Key) {
  const item = (p: typeof platformA, nonce: string) => ({
    serial_no: p.serial,
    effective_time: "2026-11-27T00:00:00+08:00",
    expire_time: "2031-11-27T00:00:00+08:00",
    encrypt_certificate: {
      algorithm: "AEAD_AES_256_GCM",
      nonce,
      associated_data: "certificate",
      ciphertext: encryptAesGcm({ apiV3Key: key, nonce, associatedData: "certificate", plaintext: p.certificatePem }),
    },
  });
  return JSON.stringify({ data: [item(platformA, "aaaaaaaaaaaa"), item(platformB, "bbbbbbbbbbbb")] });
}

/** WeChat Pay signs with platform key A; everything else gets a signed order answer. */
function replyFor(url: string, body = certificatesBody()): Reply {
  const text = url.endsWith("/v3/certificates") ? body : '{"code_url":"weixin://wxpay/bizpayurl?pr=1"}';
  const headers = signResponseHeaders({
    privateKey: platformA.privateKeyPem,
    serial: platformA.serial,
    body: text,
    now: FIXED_NOW,
  });
  return { status: 200, body: text, signed: false, headers };
}

function certificateModeClient(reply: (url: string) => Reply) {
  const wx = fakeWechat((req) => reply(req.url));
  // The verifier's loader is the client's own fetchCertificates: built lazily, no cycle at runtime.
  const verifier: CertificateVerifier = new CertificateVerifier({
    load: () => client.fetchCertificates(),
    clock: fixedClock,
  });
  const client = createWechatPayClient({
    mchid: "1230000109",
    appid: "wxd678efh567hg6787",
    serialNo: MCH_SERIAL,
    privateKey: merchantPrivateKeyPem,
    apiV3Key,
    verifier,
    fetch: wx.fetch,
    clock: fixedClock,
    retries: 0,
  });
  return { client, verifier, wx };
}

describe("platform-certificate mode", () => {
  it("downloads, decrypts and self-verifies the certificates on first use", async () => {
    const { client, verifier, wx } = certificateModeClient((url) => replyFor(url));
    const certs = await client.fetchCertificates();
    expect(certs.map((c) => c.serialNo)).toEqual([platformA.serial, platformB.serial]);
    expect(certs[0]?.certificatePem).toBe(platformA.certificatePem);
    // An order answer signed with a serial the empty verifier does not know triggers one refresh.
    const order = await client.createNativeOrder({
      outTradeNo: "order_1",
      description: "d",
      amountFen: 1,
      notifyUrl: "https://a.example/n",
    });
    expect(order.code_url).toBe("weixin://wxpay/bizpayurl?pr=1");
    expect(verifier.serials().sort()).toEqual([platformA.serial, platformB.serial].sort());
    expect(wx.seen.map((r) => new URL(r.url).pathname)).toEqual([
      "/v3/certificates",
      "/v3/pay/transactions/native",
      "/v3/certificates",
    ]);
    expect(wx.seen.every((r) => r.signatureValid)).toBe(true);
  });

  it("rejects certificates encrypted with another APIv3 key", async () => {
    const { client } = certificateModeClient((url) => replyFor(url, certificatesBody("Q".repeat(32))));
    await expect(client.fetchCertificates()).rejects.toThrow(DecryptionError);
  });

  it("rejects a certificate list signed by a key that is not in it", async () => {
    const body = JSON.stringify({ data: [JSON.parse(certificatesBody()).data[1]] });
    const { client } = certificateModeClient((url) => replyFor(url, body));
    await expect(client.fetchCertificates()).rejects.toThrow(UnknownSerialError);
  });
});
