import { createVerify, type KeyObject } from "node:crypto";

/** Verifies an RSASSA-PKCS1-v1_5 + SHA-256 Base64 signature; never throws. */
export function rsaVerify(message: string, signatureBase64: string, publicKey: KeyObject | string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64)) return false;
  try {
    const verifier = createVerify("RSA-SHA256");
    verifier.update(message, "utf8");
    return verifier.verify(publicKey, signatureBase64, "base64");
  } catch {
    return false;
  }
}

interface AuthorizationParts {
  mchid: string;
  nonce_str: string;
  timestamp: string;
  serial_no: string;
  signature: string;
}

const SCHEME = "WECHATPAY2-SHA256-RSA2048";

/** Parses `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",…`; null when malformed. */
export function parseAuthorization(header: string | undefined): AuthorizationParts | { error: string } {
  if (!header) return { error: "missing Authorization header" };
  const space = header.indexOf(" ");
  if (space < 0 || header.slice(0, space) !== SCHEME) return { error: `authorization scheme must be ${SCHEME}` };
  const attrs = new Map<string, string>();
  for (const part of header.slice(space + 1).split(",")) {
    const m = /^\s*([a-z_]+)="([^"]*)"\s*$/.exec(part);
    if (!m) return { error: "malformed authorization attributes" };
    if (attrs.has(m[1]!)) return { error: `duplicate attribute ${m[1]}` };
    attrs.set(m[1]!, m[2]!);
  }
  const need = ["mchid", "nonce_str", "timestamp", "serial_no", "signature"] as const;
  for (const k of need) if (!attrs.get(k)) return { error: `authorization is missing ${k}` };
  return {
    mchid: attrs.get("mchid")!,
    nonce_str: attrs.get("nonce_str")!,
    timestamp: attrs.get("timestamp")!,
    serial_no: attrs.get("serial_no")!,
    signature: attrs.get("signature")!,
  };
}
