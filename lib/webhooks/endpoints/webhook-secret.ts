import { randomBytes } from "node:crypto";

/** The database CHECK's pattern (migration 20261201221516_webhooks). */
export const WEBHOOK_SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{43}=$/;

/**
 * A new signing secret: `whsec_` + standard base64 of 32 CSPRNG bytes, the Standard Webhooks
 * format, so receivers can pass it to their libraries (`new Webhook("whsec_…")`) unchanged.
 */
export function generateWebhookSecret(random: (n: number) => Buffer = randomBytes): string {
  return `whsec_${random(32).toString("base64")}`;
}

/** What lists show instead of the secret: `whsec_…` and its last four characters. */
export function describeWebhookSecret(secret: string): string {
  return `whsec_…${secret.slice(-4)}`;
}
