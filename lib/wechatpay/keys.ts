import { createPrivateKey, createPublicKey, KeyObject } from "node:crypto";
import { ConfigError } from "./errors";

// Parsing a PEM costs far more than an RSA operation's hashing; cache the KeyObject per PEM
// so signing with a string key runs at KeyObject speed. Keys are few and long-lived.
const privateCache = new Map<string, KeyObject>();
const publicCache = new Map<string, KeyObject>();
const MAX_CACHED = 32;

export type PrivateKeyInput = string | KeyObject;
export type PublicKeyInput = string | KeyObject;

function remember(cache: Map<string, KeyObject>, pem: string, key: KeyObject): KeyObject {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(pem, key);
  return key;
}

/** PKCS#8 (or PKCS#1) PEM or KeyObject → private KeyObject. */
export function loadPrivateKey(input: PrivateKeyInput): KeyObject {
  if (input instanceof KeyObject) {
    if (input.type !== "private") throw new ConfigError("Merchant private key must be a private key");
    return input;
  }
  const cached = privateCache.get(input);
  if (cached) return cached;
  try {
    return remember(privateCache, input, createPrivateKey(input));
  } catch (cause) {
    throw new ConfigError("Merchant private key is not a valid PEM private key", { cause });
  }
}

/** SPKI PEM, X.509 certificate PEM or KeyObject → public KeyObject. */
export function loadPublicKey(input: PublicKeyInput): KeyObject {
  if (input instanceof KeyObject) {
    return input.type === "private" ? createPublicKey(input) : input;
  }
  const cached = publicCache.get(input);
  if (cached) return cached;
  try {
    return remember(publicCache, input, createPublicKey(input));
  } catch (cause) {
    throw new ConfigError("WeChat Pay public key is not a valid PEM public key", { cause });
  }
}
