// Platform certificate rotation: the simulator (certificate signing mode) lists a successor five
// days before its certificate expires and signs with it a day later. The app's client and
// CertificateVerifier, on the same business clock, must pick the key by Wechatpay-Serial, have the
// successor from its scheduled refresh before it signs, and refresh for unknown serials at most
// once a minute.
import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CertificateVerifier, createWechatPayClient, type WechatPayClient } from "@/lib/wechatpay";
import { startTestSimulator, type TestSim } from "@/simulator/test-helpers";

const DAY = 24 * 3600_000;
let sim: TestSim;
let offsetMs = 0;
const businessNow = () => Date.now() + offsetMs;
/** Moves the simulator's business clock and the app verifier's clock together. */
async function advance(ms: number) {
  offsetMs += ms;
  expect((await sim.control("POST", "/_sim/clock/advance", { seconds: ms / 1000 })).status).toBe(200);
}

function clientWith(verifier: CertificateVerifier): WechatPayClient {
  const m = sim.merchant;
  return createWechatPayClient({
    mchid: m.mchid,
    appid: m.appid,
    serialNo: m.merchantSerialNo,
    privateKey: m.merchantPrivateKeyPem,
    apiV3Key: m.apiV3Key,
    verifier,
    baseUrl: sim.url,
    backupBaseUrl: null,
  });
}

let downloads = 0;
let client: WechatPayClient;
let verifier: CertificateVerifier;
let n = 0;
const order = (c: WechatPayClient = client) =>
  c.createNativeOrder({
    outTradeNo: `CR${Date.now()}${++n}`,
    description: "证书轮换",
    amountFen: 100,
    notifyUrl: "http://127.0.0.1:9/notify",
  });
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(ok()).toBe(true);
};

beforeAll(async () => {
  sim = await startTestSimulator({ signingMode: "certificate" });
  verifier = new CertificateVerifier({
    load: () => {
      downloads += 1;
      return client.fetchCertificates();
    },
    clock: businessNow,
  });
  client = clientWith(verifier);
}, 60_000);
afterAll(() => sim?.stop());

describe("platform certificate rotation", () => {
  const first = () => sim.merchant.platformCertificateSerialNo.toUpperCase();
  const firstExpiry = () => Date.parse(new X509Certificate(sim.merchant.platformCertificatePem).validTo);

  it("downloads the certificate on the first unknown serial, once", async () => {
    await order();
    await order();
    expect(downloads).toBe(1);
    expect(verifier.serials()).toEqual([first()]);
  });

  it("five days before expiry a successor is listed beside it; the scheduled refresh has it before it signs", async () => {
    await advance(firstExpiry() - 5 * DAY + 3600_000 - businessNow());
    const listed = await client.fetchCertificates();
    expect(listed.map((c) => c.serialNo)).toHaveLength(2);
    const next = listed.find((c) => c.serialNo !== first())!;
    expect(Date.parse(next.effectiveTime)).toBe(Math.floor((firstExpiry() - 5 * DAY) / 1000) * 1000);
    // Still signed by the first certificate; using it makes the verifier notice its set is stale.
    await order();
    await until(() => verifier.serials().length === 2);
    expect(verifier.serials()).toContain(next.serialNo);
  });

  it("a day later the successor signs: picked by serial, while a client holding only the old one fails", async () => {
    const onlyFirst = new CertificateVerifier({
      initial: (await client.fetchCertificates()).filter((c) => c.serialNo === first()),
      load: async () => [],
      clock: businessNow,
    });
    await advance(DAY);
    await expect(order(clientWith(onlyFirst))).rejects.toThrow(/serial/i);
    const before = downloads;
    await order();
    expect(downloads - before).toBeLessThanOrEqual(1); // at most the scheduled refresh
    // The successor is what sensitive fields are encrypted with from now on.
    expect(verifier.encryptionKey()?.serial).not.toBe(first());
  });

  it("unknown serials refresh at most once a minute", async () => {
    await verifier.refresh();
    const before = downloads;
    for (let i = 0; i < 5; i++)
      expect(await verifier.refreshFor(`5157F09EFDC096DE15EBE81A47057A7232F1B8E${i}`)).toBe(false);
    expect(downloads).toBe(before);
    await advance(61_000);
    for (let i = 0; i < 5; i++)
      expect(await verifier.refreshFor(`5157F09EFDC096DE15EBE81A47057A7232F1B8F${i}`)).toBe(false);
    expect(downloads).toBe(before + 1);
  });

  it("once the old certificate has expired only the successor is listed and held", async () => {
    await advance(firstExpiry() + 60_000 - businessNow());
    const listed = await client.fetchCertificates();
    expect(listed.map((c) => c.serialNo)).not.toContain(first());
    await verifier.refresh();
    expect(verifier.serials()).toEqual(listed.map((c) => c.serialNo));
    await order();
  });
});
