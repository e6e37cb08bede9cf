import type { Prisma } from "@/lib/generated/prisma/client";
import { describeWebhookSecret } from "./webhook-secret";

/** An endpoint as the admin API and pages show it: never a secret, only its hint. */
export interface EndpointSummary {
  id: string;
  url: string;
  events: string[];
  /** Receives test events (false) or live ones. */
  livemode: boolean;
  description: string;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  /** `whsec_…` + the last four characters of the current secret. */
  secretHint: string;
  /** While the secret before the last rotation still signs beside the new one. */
  previousSecretExpiresAt: Date | null;
  lastSuccessAt: Date | null;
  failingSince: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns a summary needs; the secret is read only to derive its hint. */
export const ENDPOINT_SELECT = {
  id: true,
  url: true,
  events: true,
  livemode: true,
  description: true,
  enabled: true,
  disabledReason: true,
  disabledAt: true,
  secret: true,
  previousSecretExpiresAt: true,
  lastSuccessAt: true,
  failingSince: true,
  createdBy: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.WebhookEndpointSelect;

type EndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof ENDPOINT_SELECT }>;

export function toEndpointSummary(row: EndpointRow, now = new Date()): EndpointSummary {
  const { secret, previousSecretExpiresAt, ...rest } = row;
  return {
    ...rest,
    secretHint: describeWebhookSecret(secret),
    previousSecretExpiresAt: previousSecretExpiresAt && previousSecretExpiresAt > now ? previousSecretExpiresAt : null,
  };
}
