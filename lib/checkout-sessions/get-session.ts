import type { Db } from "@/lib/db/create-prisma";
import { NotFoundError } from "@/lib/errors/app-error";
import { assertSameMode } from "@/lib/payments/livemode";
import { findSessionRow, toSessionObject } from "./session-object";
import type { CheckoutSessionObject } from "./session-schemas";
import { isSessionId } from "./session-id";

/** GET /api/v1/checkout/sessions/:id. */
export async function getCheckoutSession(
  db: Db,
  id: string,
  appUrl: string,
  livemode: boolean,
  now: Date = new Date(),
): Promise<CheckoutSessionObject> {
  const row = isSessionId(id) ? await findSessionRow(db, id) : null;
  if (!row) throw new NotFoundError("No such checkout session");
  assertSameMode(row.order.livemode, livemode);
  return toSessionObject(row, appUrl, now);
}
