import type { Prisma } from "@/lib/generated/prisma/client";
import { NotFoundError } from "@/lib/errors/app-error";
import { ENDPOINT_ID_PATTERN } from "./endpoint-id";

/** Ids that cannot exist are 404 without a query (the id comes from a URL). */
export function assertEndpointId(id: string): void {
  if (!ENDPOINT_ID_PATTERN.test(id)) throw new NotFoundError("No such webhook endpoint");
}

/** The endpoint row locked for this transaction (FOR UPDATE: two admins' changes serialise). */
export async function lockEndpoint(tx: Prisma.TransactionClient, id: string) {
  assertEndpointId(id);
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM webhook_endpoints WHERE id = ${id} FOR UPDATE`;
  if (rows.length === 0) throw new NotFoundError("No such webhook endpoint");
  return tx.webhookEndpoint.findUniqueOrThrow({ where: { id } });
}
