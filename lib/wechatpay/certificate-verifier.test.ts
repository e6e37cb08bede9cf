import { describe, expect, it, vi } from "vitest";
import { CertificateVerifier, type PlatformCertificate } from "./certificate-verifier";
import { CompositeVerifier } from "./composite-verifier";
import { UnknownSerialError } from "./errors";
import { FIXED_NOW, platformA, platformB, wechatPublicKey } from "./fixtures";
import { PublicKeyVerifier } from "./public-key-verifier";
import { joinLines, signMessage } from "./sign-message";
import { signResponseHeaders } from "./testing";
import { verifySignedPayload } from "./verify-signed-payload";

const cert = (p: typeof platformA, expireTime = "2036-01-01T00:00:00+08:00"): PlatformCertificate => ({
  serialNo: p.serial,
  effectiveTime: "2026-11-27T00:00:00+08:00",
  expireTime,
  certificatePem: p.certificatePem,
});
const message = joinLines("1700000000", "nonce", "{}");
const sigA = signMessage(message, platformA.privateKeyPem);
const sigB = signMessage(message, platformB.privateKeyPem);

function setup(lists: PlatformCertificate[][], opts: { now?: () => number; minRefreshIntervalMs?: number } = {}) {
  let call = 0;
  const load = vi.fn(async () => lists[Math.min(call++, lists.length - 1)] ?? []);
  let now = FIXED_NOW;
  const verifier = new CertificateVerifier({
    load,
    clock: opts.now ?? (() => now),
    minRefreshIntervalMs: opts.minRefreshIntervalMs ?? 60_000,
    refreshIntervalMs: 3600_000,
  });
  return { verifier, load, advance: (ms: number) => (now += ms) };
}

describe("CertificateVerifier", () => {
  it("keeps every valid certificate by serial and verifies with the right one", async () => {
    const { verifier } = setup([[cert(platformA), cert(platformB)]]);
    await verifier.refresh();
    expect(verifier.serials().sort()).toEqual([platformA.serial, platformB.serial].sort());
    expect(verifier.verify(platformA.serial, message, sigA)).toBe(true);
    expect(verifier.verify(platformB.serial, message, sigB)).toBe(true);
    expect(verifier.verify(platformA.serial, message, sigB)).toBe(false);
    expect(verifier.verify(platformA.serial.toLowerCase(), message, sigA)).toBe(true);
  });

  it("drops certificates past expire_time and entries whose serial is not the certificate's", async () => {
    const swapped = { ...cert(platformA), serialNo: platformB.serial };
    const { verifier } = setup([[cert(platformA, "2027-01-01T00:00:00+08:00"), swapped]]);
    await verifier.refresh();
    expect(verifier.serials()).toEqual([]);
  });

  it("answers an unknown serial with one refresh, then fails closed under the rate limit", async () => {
    const { verifier, load, advance } = setup([
      [cert(platformA)],
      [cert(platformA)],
      [cert(platformA), cert(platformB)],
    ]);
    await verifier.refresh();
    expect(load).toHaveBeenCalledTimes(1);
    // A refresh was just made: an attacker-chosen serial gets no download.
    expect(await verifier.refreshFor("DEADBEEF")).toBe(false);
    expect(load).toHaveBeenCalledTimes(1);
    advance(61_000);
    expect(await verifier.refreshFor("DEADBEEF")).toBe(false);
    expect(await verifier.refreshFor("DEADBEEF")).toBe(false);
    expect(load).toHaveBeenCalledTimes(2);
    advance(61_000);
    expect(await verifier.refreshFor(platformB.serial)).toBe(true);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it("shares one download between concurrent unknown serials", async () => {
    const { verifier, load } = setup([[cert(platformA), cert(platformB)]]);
    const results = await Promise.all([
      verifier.refreshFor(platformB.serial),
      verifier.refreshFor("X"),
      verifier.refreshFor("Y"),
    ]);
    expect(results).toEqual([true, false, false]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("keeps the previous set when a refresh fails, and records the error", async () => {
    const failing = new CertificateVerifier({
      load: async () => {
        throw new Error("network down");
      },
      initial: [cert(platformA)],
      clock: () => FIXED_NOW,
    });
    await expect(failing.refresh()).rejects.toThrow("network down");
    expect(failing.has(platformA.serial)).toBe(true);
    expect((failing.lastError as Error).message).toBe("network down");
  });

  it("refreshes in the background once the set is older than the interval", async () => {
    const { verifier, load, advance } = setup([[cert(platformA)], [cert(platformA), cert(platformB)]]);
    await verifier.refresh();
    advance(3600_001);
    verifier.has(platformA.serial);
    await vi.waitFor(() => expect(verifier.has(platformB.serial)).toBe(true));
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("stops trusting a certificate once the clock passes its expire_time", async () => {
    const { verifier, advance } = setup([[cert(platformA, "2027-06-01T00:00:00+08:00")]]);
    await verifier.refresh();
    expect(verifier.verify(platformA.serial, message, sigA)).toBe(true);
    advance(100 * 86_400_000);
    expect(verifier.has(platformA.serial)).toBe(false);
    expect(verifier.verify(platformA.serial, message, sigA)).toBe(false);
  });

  it("refreshes on a timer after startAutoRefresh until stopped", async () => {
    vi.useFakeTimers();
    try {
      const { verifier, load } = setup([[cert(platformA)]]);
      const stop = verifier.startAutoRefresh(1000);
      await vi.advanceTimersByTimeAsync(2500);
      expect(load).toHaveBeenCalledTimes(2);
      stop();
      await vi.advanceTimersByTimeAsync(5000);
      expect(load).toHaveBeenCalledTimes(2);
      expect(verifier.has(platformA.serial)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("makes verifySignedPayload fail closed with UnknownSerialError", async () => {
    const { verifier } = setup([[cert(platformA)]]);
    const headers = signResponseHeaders({
      privateKey: platformB.privateKeyPem,
      serial: platformB.serial,
      body: "{}",
      now: FIXED_NOW,
    });
    const error = await verifySignedPayload({ headers, rawBody: "{}", now: FIXED_NOW, verifier }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnknownSerialError);
  });
});

describe("CompositeVerifier (migration)", () => {
  it("accepts both the public key id and platform serials, and nothing else", async () => {
    const certs = new CertificateVerifier({
      load: async () => [cert(platformA)],
      initial: [cert(platformA)],
      clock: () => FIXED_NOW,
    });
    const pub = new PublicKeyVerifier(wechatPublicKey.id, wechatPublicKey.publicKeyPem);
    const both = new CompositeVerifier([pub, certs]);
    for (const [key, serial] of [
      [wechatPublicKey.privateKeyPem, wechatPublicKey.id],
      [platformA.privateKeyPem, platformA.serial],
    ] as const) {
      const headers = signResponseHeaders({ privateKey: key, serial, body: "{}", now: FIXED_NOW });
      await expect(
        verifySignedPayload({ headers, rawBody: "{}", now: FIXED_NOW, verifier: both }),
      ).resolves.toMatchObject({ serial });
    }
    expect(both.preferredSerial()).toBe(wechatPublicKey.id);
    expect(both.verify(platformA.serial, message, sigB)).toBe(false);
    expect(await both.refreshFor(platformB.serial)).toBe(false);
  });
});
