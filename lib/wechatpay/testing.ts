import { generateKeyPairSync, randomUUID } from "node:crypto";
import { encryptAesGcm } from "./aes-gcm";
import { SIGNATURE_SCHEME } from "./build-authorization";
import { toMs, unixSeconds, type Instant } from "./clock";
import type { PrivateKeyInput } from "./keys";
import { createNonce } from "./nonce";
import { joinLines, signMessage } from "./sign-message";

// Test helpers that play WeChat Pay's side (like stripe's generateTestHeaderString).
// Not for production paths: they sign with whatever key they are given.

export interface SignedHeadersInput {
  privateKey: PrivateKeyInput;
  /** Wechatpay-Serial: a `PUB_KEY_ID_…` or a platform certificate serial. */
  serial: string;
  body: string;
  now?: Instant;
  nonce?: string;
  /** Replace the computed signature (e.g. a `WECHATPAY/SIGNTEST/` probe). */
  signature?: string;
  requestId?: string;
}

/** The Wechatpay-* headers WeChat Pay puts on a signed response or notification. */
export function signResponseHeaders(input: SignedHeadersInput): Record<string, string> {
  const timestamp = String(unixSeconds(input.now === undefined ? Date.now() : toMs(input.now)));
  const nonce = input.nonce ?? createNonce();
  return {
    "Wechatpay-Timestamp": timestamp,
    "Wechatpay-Nonce": nonce,
    "Wechatpay-Serial": input.serial,
    "Wechatpay-Signature-Type": SIGNATURE_SCHEME,
    "Wechatpay-Signature": input.signature ?? signMessage(joinLines(timestamp, nonce, input.body), input.privateKey),
    "Request-ID": input.requestId ?? randomUUID(),
  };
}

export interface SignedNotificationInput {
  privateKey: PrivateKeyInput;
  serial: string;
  apiV3Key: string;
  /** e.g. TRANSACTION.SUCCESS, REFUND.SUCCESS. */
  eventType: string;
  /** The plaintext resource (object is JSON-serialised, string sent as is). */
  resource: unknown;
  /** Defaults from eventType: `transaction` or `refund`. */
  associatedData?: string;
  id?: string;
  now?: Instant;
  nonce?: string;
  resourceNonce?: string;
  algorithm?: string;
  signature?: string;
}

/** A notification body plus headers, encrypted and signed exactly as WeChat Pay does. */
export function buildSignedNotification(input: SignedNotificationInput): {
  rawBody: string;
  headers: Record<string, string>;
} {
  const associatedData = input.associatedData ?? (input.eventType.startsWith("REFUND.") ? "refund" : "transaction");
  const resourceNonce = input.resourceNonce ?? createNonce(12);
  const plaintext = typeof input.resource === "string" ? input.resource : JSON.stringify(input.resource);
  const now = input.now === undefined ? Date.now() : toMs(input.now);
  const rawBody = JSON.stringify({
    id: input.id ?? randomUUID(),
    create_time: new Date(now).toISOString().replace(/\.\d{3}Z$/, "+00:00"),
    resource_type: "encrypt-resource",
    event_type: input.eventType,
    summary: "支付成功",
    resource: {
      original_type: associatedData,
      algorithm: input.algorithm ?? "AEAD_AES_256_GCM",
      ciphertext: encryptAesGcm({ apiV3Key: input.apiV3Key, nonce: resourceNonce, associatedData, plaintext }),
      associated_data: associatedData,
      nonce: resourceNonce,
    },
  });
  const headers = signResponseHeaders({
    privateKey: input.privateKey,
    serial: input.serial,
    body: rawBody,
    now,
    nonce: input.nonce,
    signature: input.signature,
  });
  return { rawBody, headers };
}

/** A fresh RSA-2048 key pair as PEM strings (PKCS#8 / SPKI). */
export function generateTestKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}
