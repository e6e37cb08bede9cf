import { X509Certificate, sign, type KeyObject } from "node:crypto";
import {
  bitString,
  boolean,
  explicit,
  integer,
  nullValue,
  octetString,
  oid,
  printableString,
  sequence,
  set,
  time,
  utf8String,
} from "./der";

const SHA256_WITH_RSA = "1.2.840.113549.1.1.11";

interface SelfSignedCertificate {
  pem: string;
  /** Upper-case hex, as WeChat Pay prints serials. */
  serialNo: string;
}

function name(parts: Array<[string, string, "printable" | "utf8"]>): Buffer {
  return sequence(
    ...parts.map(([type, value, kind]) =>
      set(sequence(oid(type), kind === "printable" ? printableString(value) : utf8String(value))),
    ),
  );
}

/**
 * Builds a self-signed X.509 v3 certificate (SHA256withRSA) for the platform key.
 * node:crypto can parse certificates but not create them, so the DER is assembled here.
 */
export function createSelfSignedCertificate(opts: {
  privateKey: KeyObject;
  publicKey: KeyObject;
  serial: Buffer;
  commonName: string;
  notBefore: Date;
  notAfter: Date;
}): SelfSignedCertificate {
  const algorithm = sequence(oid(SHA256_WITH_RSA), nullValue());
  const subject = name([
    ["2.5.4.6", "CN", "printable"],
    ["2.5.4.10", "Tenpay.com (simulated)", "utf8"],
    ["2.5.4.11", "WeChat Pay Simulator", "utf8"],
    ["2.5.4.3", opts.commonName, "utf8"],
  ]);
  const spki = opts.publicKey.export({ type: "spki", format: "der" });
  const basicConstraints = sequence(oid("2.5.29.19"), boolean(true), octetString(sequence()));
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(opts.serial),
    algorithm,
    subject,
    sequence(time(opts.notBefore), time(opts.notAfter)),
    subject,
    spki,
    explicit(3, sequence(basicConstraints)),
  );
  const signature = sign("sha256", tbs, opts.privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const body = der
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .replace(/\n$/, "");
  const pem = `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
  const parsed = new X509Certificate(pem);
  if (!parsed.verify(opts.publicKey)) throw new Error("self-signed certificate does not verify");
  return { pem, serialNo: parsed.serialNumber.toUpperCase() };
}
