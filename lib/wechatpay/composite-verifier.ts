import type { Verifier } from "./verifier";

/**
 * Several verifiers at once, for merchants migrating from platform certificates to the
 * public key (both kinds of serial arrive for about a week). First one holding the serial wins.
 */
export class CompositeVerifier implements Verifier {
  private readonly verifiers: readonly Verifier[];

  constructor(verifiers: readonly Verifier[]) {
    this.verifiers = verifiers;
  }

  has(serial: string): boolean {
    return this.verifiers.some((v) => v.has(serial));
  }

  verify(serial: string, message: string, signatureB64: string): boolean {
    const owner = this.verifiers.find((v) => v.has(serial));
    return owner !== undefined && owner.verify(serial, message, signatureB64);
  }

  async refreshFor(serial: string): Promise<boolean> {
    for (const v of this.verifiers) {
      if (v.refreshFor && (await v.refreshFor(serial))) return true;
    }
    return this.has(serial);
  }

  preferredSerial(): string | undefined {
    for (const v of this.verifiers) {
      const serial = v.preferredSerial?.();
      if (serial) return serial;
    }
    return undefined;
  }
}
