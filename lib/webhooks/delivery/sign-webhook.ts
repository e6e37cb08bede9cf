import { createHmac } from "node:crypto";
import { WebhookSecretError } from "./webhook-errors";

// Standard Webhooks signatures (docs: wechatpay-v3.md §10): HMAC-SHA256, keyed by the bytes the
// secret's base64 part decodes to, over `${id}.${timestamp}.${body}`, sent as `v1,<base64>`.
// Written on node:crypto rather than taken from the `standardwebhooks` package, so the package
// can check this code independently in the tests.

const SECRET = /^whsec_([A-Za-z0-9+/]{43}=)$/;

export interface EndpointSecrets {
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/** The secrets that sign now: the current one, and the previous one during a rotation's 24 h overlap. */
export function activeSecrets(e: EndpointSecrets, now: Date): string[] {
  const keepPrevious = e.previousSecret && e.previousSecretExpiresAt && e.previousSecretExpiresAt > now;
  return keepPrevious ? [e.secret, e.previousSecret!] : [e.secret];
}

function secretKey(secret: string): Buffer {
  const m = SECRET.exec(secret);
  if (!m) throw new WebhookSecretError("webhook secret is not whsec_ + base64 of 32 bytes");
  return Buffer.from(m[1]!, "base64");
}

/** `v1,<b64>` for one secret. */
function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac("sha256", secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** The `webhook-signature` header: one space-separated `v1,` signature per active secret. */
export function signatureHeader(secrets: string[], id: string, timestampSeconds: number, body: string): string {
  if (secrets.length === 0) throw new WebhookSecretError("no secret to sign with");
  if (!Number.isSafeInteger(timestampSeconds)) throw new RangeError("timestampSeconds must be whole Unix seconds");
  return secrets.map((s) => signWebhook(s, id, timestampSeconds, body)).join(" ");
}
