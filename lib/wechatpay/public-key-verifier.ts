import type { KeyObject } from "node:crypto";
import { ConfigError } from "./errors";
import { loadPublicKey, type PublicKeyInput } from "./keys";
import { verifyMessage } from "./sign-message";
import type { Verifier } from "./verifier";

const KEY_ID = /^PUB_KEY_ID_\d+$/;

/** Public-key mode: one WeChat Pay public key (SPKI PEM) with its id `PUB_KEY_ID_…`. */
export class PublicKeyVerifier implements Verifier {
  readonly keyId: string;
  private readonly key: KeyObject;

  constructor(keyId: string, publicKey: PublicKeyInput) {
    if (!KEY_ID.test(keyId)) throw new ConfigError("WECHAT_PUBLIC_KEY_ID must look like PUB_KEY_ID_<digits>");
    this.keyId = keyId;
    this.key = loadPublicKey(publicKey);
  }

  has(serial: string): boolean {
    return serial === this.keyId;
  }

  verify(serial: string, message: string, signatureB64: string): boolean {
    return this.has(serial) && verifyMessage(message, signatureB64, this.key);
  }

  preferredSerial(): string {
    return this.keyId;
  }
}
