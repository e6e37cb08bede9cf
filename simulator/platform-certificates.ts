import { X509Certificate, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import type { Clock } from "./clock";
import { createSelfSignedCertificate } from "./crypto/certificate";
import type { Identity } from "./crypto/keys";

const DAY_MS = 24 * 3600 * 1000;
/** A successor certificate is listed this long before its predecessor expires… */
const SUCCESSOR_APPEARS_BEFORE_EXPIRY_MS = 5 * DAY_MS;
/** …and signs from this long after it appeared ("about a day before use"; timing unconfirmed). */
const SUCCESSOR_SIGNS_AFTER_MS = DAY_MS;
const LIFETIME_MS = 5 * 365 * DAY_MS;

export interface PlatformCertificate {
  serialNo: string;
  pem: string;
  privateKey: KeyObject;
  notBefore: number;
  notAfter: number;
  /** When it starts signing responses and notifications (certificate signing mode). */
  signsFrom: number;
}

function issue(notBefore: number): PlatformCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const serial = randomBytes(20);
  serial[0] = (serial[0]! & 0x3f) | 0x10; // positive, 20 bytes, 40 hex digits
  const cert = createSelfSignedCertificate({
    privateKey,
    publicKey,
    serial,
    commonName: "Wechatpay Simulator Platform Certificate",
    notBefore: new Date(notBefore),
    notAfter: new Date(notBefore + LIFETIME_MS),
  });
  return {
    serialNo: cert.serialNo,
    pem: cert.pem,
    privateKey,
    notBefore,
    notAfter: notBefore + LIFETIME_MS,
    signsFrom: notBefore + SUCCESSOR_SIGNS_AFTER_MS,
  };
}

/**
 * Platform certificate rotation on the business clock: the identity's certificate first, then a
 * successor issued five days before each one expires. Both are listed while they overlap, so a
 * client that refreshes on an unknown serial (or on a schedule) has the new one before it signs.
 * Successors live in memory: a restart past a rotation issues a new one.
 */
export class PlatformCertificates {
  private readonly chain: PlatformCertificate[];

  constructor(
    identity: Identity,
    private readonly clock: Pick<Clock, "now">,
  ) {
    const x509 = new X509Certificate(identity.platformCertificatePem);
    const notBefore = Date.parse(x509.validFrom);
    this.chain = [
      {
        serialNo: identity.platformCertificateSerialNo.toUpperCase(),
        pem: identity.platformCertificatePem,
        privateKey: identity.platformPrivateKey,
        notBefore,
        notAfter: Date.parse(x509.validTo),
        signsFrom: notBefore,
      },
    ];
  }

  /** What GET /v3/certificates lists now: every certificate issued and not yet expired. */
  listed(): PlatformCertificate[] {
    const now = this.issueDue();
    return this.chain.filter((c) => c.notBefore <= now && now < c.notAfter);
  }

  /** The certificate that signs now: the newest whose signing period has begun. */
  signing(): PlatformCertificate {
    const now = this.issueDue();
    return this.chain.findLast((c) => c.signsFrom <= now) ?? this.chain[0]!;
  }

  /** A listed certificate by serial (sensitive fields may be encrypted with any of them). */
  bySerial(serial: string): PlatformCertificate | undefined {
    return this.listed().find((c) => c.serialNo === serial.toUpperCase());
  }

  private issueDue(): number {
    const now = this.clock.now();
    for (
      let last = this.chain.at(-1)!;
      now >= last.notAfter - SUCCESSOR_APPEARS_BEFORE_EXPIRY_MS;
      last = this.chain.at(-1)!
    ) {
      this.chain.push(issue(last.notAfter - SUCCESSOR_APPEARS_BEFORE_EXPIRY_MS));
    }
    return now;
  }
}
