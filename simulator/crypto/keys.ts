import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createSelfSignedCertificate } from "./certificate";
import { digits, hex, nonce } from "./nonce";

/** Everything the simulator keeps on disk (`<dataDir>/identity.json`). */
interface StoredIdentity {
  version: 1;
  createdAt: string;
  platformPrivateKeyPem: string;
  platformCertificatePem: string;
  platformCertificateSerialNo: string;
  publicKeyId: string;
  publicKeyPrivatePem: string;
  merchant: {
    mchid: string;
    appid: string;
    appSecret: string;
    apiV3Key: string;
    merchantSerialNo: string;
    merchantPrivateKeyPem: string;
    merchantName: string;
  };
  /** Salt for stable simulated openids. */
  openidSalt: string;
}

/** The loaded identity with key objects ready to use. */
export interface Identity extends StoredIdentity {
  platformPrivateKey: KeyObject;
  platformPublicKey: KeyObject;
  publicKeyPrivate: KeyObject;
  publicKeyPublic: KeyObject;
  publicKeyPem: string;
  merchantPublicKey: KeyObject;
  /** The merchant's mini-program (its own appid and secret; its users have their own openids). */
  miniProgram: { appid: string; appSecret: string };
}

function rsaPair() {
  return generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 0x10001 });
}

function pkcs8(key: KeyObject): string {
  return key.export({ type: "pkcs8", format: "pem" }).toString();
}

export function createIdentity(now = new Date()): StoredIdentity {
  const platform = rsaPair();
  const serial = randomBytes(20);
  serial[0] = (serial[0]! & 0x3f) | 0x10; // positive, 20 bytes, 40 hex digits
  const notAfter = new Date(now.getTime() + 5 * 365 * 24 * 3600 * 1000);
  const cert = createSelfSignedCertificate({
    privateKey: platform.privateKey,
    publicKey: platform.publicKey,
    serial,
    commonName: "Wechatpay Simulator Platform Certificate",
    notBefore: new Date(now.getTime() - 24 * 3600 * 1000),
    notAfter,
  });
  const pub = rsaPair();
  const merchant = rsaPair();
  return {
    version: 1,
    createdAt: now.toISOString(),
    platformPrivateKeyPem: pkcs8(platform.privateKey),
    platformCertificatePem: cert.pem,
    platformCertificateSerialNo: cert.serialNo,
    publicKeyId: `PUB_KEY_ID_0119${digits(24)}`,
    publicKeyPrivatePem: pkcs8(pub.privateKey),
    merchant: {
      mchid: "1900000109",
      appid: `wx${hex(8).toLowerCase()}`,
      appSecret: hex(16).toLowerCase(),
      apiV3Key: nonce(32),
      merchantSerialNo: hex(20),
      merchantPrivateKeyPem: pkcs8(merchant.privateKey),
      merchantName: "演示商户 Demo Merchant",
    },
    openidSalt: hex(16),
  };
}

export function hydrate(stored: StoredIdentity): Identity {
  const platformPrivateKey = createPrivateKey(stored.platformPrivateKeyPem);
  const publicKeyPrivate = createPrivateKey(stored.publicKeyPrivatePem);
  const publicKeyPublic = createPublicKey(publicKeyPrivate);
  return {
    ...stored,
    platformPrivateKey,
    platformPublicKey: createPublicKey(stored.platformCertificatePem),
    publicKeyPrivate,
    publicKeyPublic,
    publicKeyPem: publicKeyPublic.export({ type: "spki", format: "pem" }).toString(),
    merchantPublicKey: createPublicKey(createPrivateKey(stored.merchant.merchantPrivateKeyPem)),
    miniProgram: miniProgramOf(stored),
  };
}

/**
 * Derived from the stored salt rather than stored, so a data dir written before mini-programs
 * existed gets the same one on every start without being rewritten.
 */
function miniProgramOf(stored: StoredIdentity): { appid: string; appSecret: string } {
  const h = (label: string) => createHash("sha256").update(`${stored.openidSalt}:${label}`).digest("hex");
  return { appid: `wx${h("miniprogram-appid").slice(0, 16)}`, appSecret: h("miniprogram-secret").slice(0, 32) };
}

/** Loads `<dataDir>/identity.json`, creating it (mode 0600) on first run. */
export function loadOrCreateIdentity(dataDir: string): Identity {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "identity.json");
  if (existsSync(file)) return hydrate(JSON.parse(readFileSync(file, "utf8")) as StoredIdentity);
  const stored = createIdentity();
  writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return hydrate(stored);
}

/** The file the app's demo mode reads. */
export interface MerchantFile {
  gateway: string;
  mchid: string;
  appid: string;
  appSecret: string;
  apiV3Key: string;
  merchantSerialNo: string;
  merchantPrivateKeyPem: string;
  platformPublicKeyId: string;
  platformPublicKeyPem: string;
  platformCertificateSerialNo: string;
  platformCertificatePem: string;
  miniProgramAppid: string;
  miniProgramAppSecret: string;
}

export function merchantFile(identity: Identity, gateway: string): MerchantFile {
  return {
    gateway,
    mchid: identity.merchant.mchid,
    appid: identity.merchant.appid,
    appSecret: identity.merchant.appSecret,
    apiV3Key: identity.merchant.apiV3Key,
    merchantSerialNo: identity.merchant.merchantSerialNo,
    merchantPrivateKeyPem: identity.merchant.merchantPrivateKeyPem,
    platformPublicKeyId: identity.publicKeyId,
    platformPublicKeyPem: identity.publicKeyPem,
    platformCertificateSerialNo: identity.platformCertificateSerialNo,
    platformCertificatePem: identity.platformCertificatePem,
    miniProgramAppid: identity.miniProgram.appid,
    miniProgramAppSecret: identity.miniProgram.appSecret,
  };
}

export function writeMerchantFile(dataDir: string, identity: Identity, gateway: string): string {
  const file = path.join(dataDir, "merchant.json");
  writeFileSync(file, `${JSON.stringify(merchantFile(identity, gateway), null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

/** A stable openid (28 chars, starts with "o") per simulated user per appid. */
export function openidFor(identity: Identity, appid: string, user: string): string {
  const digest = createHash("sha256").update(`${identity.openidSalt}:${appid}:${user}`).digest("base64url");
  return `o${digest.slice(0, 27)}`;
}
