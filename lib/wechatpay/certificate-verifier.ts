import { X509Certificate, type KeyObject } from "node:crypto";
import { nowMs, type Clock } from "./clock";
import { verifyMessage } from "./sign-message";
import type { Verifier } from "./verifier";

/** A decrypted platform certificate as returned by `client.fetchCertificates()`. */
export interface PlatformCertificate {
  serialNo: string;
  effectiveTime: string;
  expireTime: string;
  certificatePem: string;
}

export interface CertificateVerifierOptions {
  /** Downloads the current certificates, e.g. `() => client.fetchCertificates()`. */
  load: () => Promise<readonly PlatformCertificate[]>;
  clock?: Clock;
  /** Background refresh when the set is older than this (official SDKs: 1–24 h). Default 12 h. */
  refreshIntervalMs?: number;
  /** Unknown serials trigger a refresh at most this often. Default 60 s. */
  minRefreshIntervalMs?: number;
  /** Certificates to start with (e.g. from a cache), so the first verify needs no download. */
  initial?: readonly PlatformCertificate[];
}

interface HeldKey {
  key: KeyObject;
  notAfterMs: number;
}

/**
 * Platform-certificate mode. Keeps every valid certificate by serial (old and new overlap),
 * refreshes on a schedule, and answers an unknown serial with at most one rate-limited refresh
 * so attacker-chosen serials cannot make us download per request.
 */
export class CertificateVerifier implements Verifier {
  private keys = new Map<string, HeldKey>();
  private lastAttemptMs = Number.NEGATIVE_INFINITY;
  private lastSuccessMs = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;
  /** Last refresh failure, for health checks; cleared on success. */
  lastError: unknown;

  constructor(private readonly options: CertificateVerifierOptions) {
    if (options.initial) {
      this.keys = this.index(options.initial);
      this.lastSuccessMs = nowMs(options.clock);
    }
  }

  /** Serials currently held (valid at the injected clock). */
  serials(): string[] {
    const now = nowMs(this.options.clock);
    return [...this.keys].filter(([, held]) => held.notAfterMs > now).map(([serial]) => serial);
  }

  /** The certificate that expires last: the one to encrypt sensitive fields with (null: none held). */
  encryptionKey(): { serial: string; publicKey: KeyObject } | null {
    const now = nowMs(this.options.clock);
    let best: [string, HeldKey] | null = null;
    for (const entry of this.keys)
      if (entry[1].notAfterMs > now && (!best || entry[1].notAfterMs > best[1].notAfterMs)) best = entry;
    return best ? { serial: best[0], publicKey: best[1].key } : null;
  }

  has(serial: string): boolean {
    this.refreshIfStale();
    const held = this.keys.get(serial.toUpperCase());
    return held !== undefined && held.notAfterMs > nowMs(this.options.clock);
  }

  verify(serial: string, message: string, signatureB64: string): boolean {
    if (!this.has(serial)) return false;
    const held = this.keys.get(serial.toUpperCase());
    return held !== undefined && verifyMessage(message, signatureB64, held.key);
  }

  async refreshFor(serial: string): Promise<boolean> {
    const now = nowMs(this.options.clock);
    const minGap = this.options.minRefreshIntervalMs ?? 60_000;
    if (this.inflight) await this.inflight.catch(() => undefined);
    else if (now - this.lastAttemptMs >= minGap) await this.refresh().catch(() => undefined);
    return this.has(serial);
  }

  /** Downloads and replaces the set; on failure the previous set stays (fail safe, not open). */
  refresh(): Promise<void> {
    this.inflight ??= this.download().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Timer-driven refresh for long-running servers; returns a stop function. */
  startAutoRefresh(intervalMs = this.options.refreshIntervalMs ?? 12 * 3600_000): () => void {
    const timer = setInterval(() => void this.refresh().catch(() => undefined), intervalMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }

  private refreshIfStale(): void {
    const now = nowMs(this.options.clock);
    const interval = this.options.refreshIntervalMs ?? 12 * 3600_000;
    if (!this.inflight && now - this.lastSuccessMs >= interval && now - this.lastAttemptMs >= interval) {
      void this.refresh().catch(() => undefined);
    }
  }

  private async download(): Promise<void> {
    this.lastAttemptMs = nowMs(this.options.clock);
    try {
      const fresh = this.index(await this.options.load());
      this.keys = fresh;
      this.lastSuccessMs = nowMs(this.options.clock);
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error;
      throw error;
    }
  }

  private index(certs: readonly PlatformCertificate[]): Map<string, HeldKey> {
    const now = nowMs(this.options.clock);
    const keys = new Map<string, HeldKey>();
    for (const cert of certs) {
      const x509 = new X509Certificate(cert.certificatePem);
      const serial = x509.serialNumber.toUpperCase();
      // The listed serial must be the certificate's own, or a swapped entry could pose as another.
      if (serial !== cert.serialNo.toUpperCase()) continue;
      const notAfterMs = Math.min(Date.parse(x509.validTo), Date.parse(cert.expireTime) || Infinity);
      if (notAfterMs > now) keys.set(serial, { key: x509.publicKey, notAfterMs });
    }
    return keys;
  }
}
