import { z } from "zod";
import type { EventType } from "@/lib/events/event-types";

/**
 * What `POST /api/v1/test/trigger` can make happen: every event type but `ping` (the admin
 * console's "Send test" sends that one; it has no object behind it).
 */
export const TRIGGER_TYPES = [
  "checkout.session.completed",
  "checkout.session.expired",
  "payment.succeeded",
  "payment.flagged",
  "refund.created",
  "refund.succeeded",
  "refund.failed",
  "refund.abnormal",
] as const satisfies readonly Exclude<EventType, "ping">[];

export type TriggerType = (typeof TRIGGER_TYPES)[number];

// A new event type does not compile until it can be triggered (or is excluded above on purpose).
type Untriggerable = Exclude<EventType, "ping" | TriggerType>;
const everyTypeCovered: [Untriggerable] extends [never] ? true : Untriggerable = true;
void everyTypeCovered;

/** POST /api/v1/test/trigger's body (validated at the route, rendered into the OpenAPI document). */
export const triggerRequestSchema = z
  .object({
    type: z.enum(TRIGGER_TYPES).meta({ description: "The event to produce.", example: "checkout.session.completed" }),
  })
  .strict();
