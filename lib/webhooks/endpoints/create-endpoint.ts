import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Db } from "@/lib/db/create-prisma";
import { auditWebhook } from "./endpoint-audit";
import { newEndpointId } from "./endpoint-id";
import type { NewEndpoint } from "./endpoint-input";
import { checkEndpointUrl, type EndpointUrlPolicy, type LookupAll } from "./check-endpoint-url";
import { generateWebhookSecret } from "./webhook-secret";

interface CreatedEndpoint {
  id: string;
  url: string;
  events: string[];
  livemode: boolean;
  /** Shown this once; stored as is (signing needs it), never returned by a read. */
  secret: string;
}

/** Checks the URL against the policy, stores the endpoint with a new secret, audits it. */
export async function createEndpoint(
  db: Db,
  input: NewEndpoint,
  policy: EndpointUrlPolicy,
  livemode: boolean,
  actor: AdminIdentity,
  opts: { ip?: string; lookup?: LookupAll } = {},
): Promise<CreatedEndpoint> {
  const url = await checkEndpointUrl(input.url, policy, opts.lookup);
  const secret = generateWebhookSecret();
  return db.$transaction(async (tx) => {
    const row = await tx.webhookEndpoint.create({
      data: {
        id: newEndpointId(),
        url,
        events: input.events,
        livemode,
        description: input.description ?? "",
        secret,
        createdById: actor.id,
        createdBy: actor.email,
      },
      select: { id: true, url: true, events: true, description: true },
    });
    await auditWebhook(
      tx,
      actor,
      "WEBHOOK_ENDPOINT_CREATED",
      { type: "webhook_endpoint", id: row.id },
      { url: row.url, events: row.events, description: row.description, mode: livemode ? "live" : "test" },
      opts.ip,
    );
    return { id: row.id, url: row.url, events: row.events, livemode, secret };
  });
}
