import type { Db } from "@/lib/db/create-prisma";
import { NotFoundError } from "@/lib/errors/app-error";
import { ENDPOINT_SELECT, toEndpointSummary, type EndpointSummary } from "./endpoint-summary";
import { assertEndpointId } from "./find-endpoint";

/** Every endpoint (of one mode, if `livemode` is given), newest first. */
export async function listEndpoints(
  db: Db,
  filter: { livemode?: boolean } = {},
  now = new Date(),
): Promise<EndpointSummary[]> {
  const rows = await db.webhookEndpoint.findMany({
    where: filter.livemode === undefined ? {} : { livemode: filter.livemode },
    select: ENDPOINT_SELECT,
    orderBy: { createdAt: "desc" },
  });
  return rows.map((r) => toEndpointSummary(r, now));
}

export async function getEndpoint(db: Db, id: string, now = new Date()): Promise<EndpointSummary> {
  assertEndpointId(id);
  const row = await db.webhookEndpoint.findUnique({ where: { id }, select: ENDPOINT_SELECT });
  if (!row) throw new NotFoundError("No such webhook endpoint");
  return toEndpointSummary(row, now);
}
