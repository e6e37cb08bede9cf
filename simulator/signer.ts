import type { KeyObject } from "node:crypto";
import type { Identity } from "./crypto/keys";
import { nonce } from "./crypto/nonce";
import { responseMessage, rsaSign } from "./crypto/sign";
import type { PlatformCertificates } from "./platform-certificates";

export type SigningMode = "public-key" | "certificate" | "migration";
export const SIGNING_MODES: readonly SigningMode[] = ["public-key", "certificate", "migration"];

interface SigningKey {
  serial: string;
  privateKey: KeyObject;
}

/** Chooses the key that signs responses and notifications, by signing mode. */
export class PlatformSigner {
  private counter = 0;

  constructor(
    private readonly identity: Identity,
    private readonly certificates: PlatformCertificates,
    public mode: SigningMode = "public-key",
  ) {}

  get publicKey(): SigningKey {
    return { serial: this.identity.publicKeyId, privateKey: this.identity.publicKeyPrivate };
  }

  /** The platform certificate that signs now (it rotates, see platform-certificates.ts). */
  get certificate(): SigningKey {
    const c = this.certificates.signing();
    return { serial: c.serialNo, privateKey: c.privateKey };
  }

  /** Migration alternates between both keys, so a client must accept either serial. */
  current(): SigningKey {
    if (this.mode === "public-key") return this.publicKey;
    if (this.mode === "certificate") return this.certificate;
    return this.counter++ % 2 === 0 ? this.publicKey : this.certificate;
  }

  /** In migration mode a request's Wechatpay-Serial may pick which of the two keys signs the answer. */
  preferred(serial: string | string[] | undefined): SigningKey | undefined {
    if (this.mode !== "migration" || typeof serial !== "string") return undefined;
    if (serial === this.identity.publicKeyId) return this.publicKey;
    const listed = this.certificates.bySerial(serial);
    if (listed) return { serial: listed.serialNo, privateKey: listed.privateKey };
    return undefined;
  }

  /** Wechatpay-* headers over exact body bytes. */
  headers(
    body: string,
    opts: { timestamp?: number; key?: SigningKey; signature?: string } = {},
  ): Record<string, string> {
    const key = opts.key ?? this.current();
    const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
    const n = nonce(32);
    return {
      "Wechatpay-Timestamp": timestamp,
      "Wechatpay-Nonce": n,
      "Wechatpay-Signature": opts.signature ?? rsaSign(responseMessage(timestamp, n, body), key.privateKey),
      "Wechatpay-Serial": key.serial,
      "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
    };
  }
}
