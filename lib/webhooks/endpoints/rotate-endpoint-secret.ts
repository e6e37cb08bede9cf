import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Db } from "@/lib/db/create-prisma";
import { auditWebhook } from "./endpoint-audit";
import { lockEndpoint } from "./find-endpoint";
import { describeWebhookSecret, generateWebhookSecret } from "./webhook-secret";

/** How long the old secret keeps signing beside the new one: time to deploy the new secret. */
const PREVIOUS_SECRET_GRACE_MS = 24 * 3600_000;

/**
 * A new secret, returned this once. The current one becomes previousSecret and keeps signing
 * for 24 h (two `v1,` signatures). Rotating again inside those 24 h drops the oldest: only the
 * secret in use just before counts as "the old one" a receiver may still hold.
 */
export async function rotateEndpointSecret(
  db: Db,
  id: string,
  actor: AdminIdentity,
  opts: { ip?: string; now?: Date } = {},
): Promise<{ secret: string; previousSecretExpiresAt: Date }> {
  const now = opts.now ?? new Date();
  const secret = generateWebhookSecret();
  const previousSecretExpiresAt = new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS);
  return db.$transaction(async (tx) => {
    const before = await lockEndpoint(tx, id);
    await tx.webhookEndpoint.update({
      where: { id },
      data: { secret, previousSecret: before.secret, previousSecretExpiresAt },
    });
    await auditWebhook(
      tx,
      actor,
      "WEBHOOK_SECRET_ROTATED",
      { type: "webhook_endpoint", id },
      {
        from: describeWebhookSecret(before.secret),
        to: describeWebhookSecret(secret),
        previousSecretExpiresAt: previousSecretExpiresAt.toISOString(),
      },
      opts.ip,
    );
    return { secret, previousSecretExpiresAt };
  });
}
