import { z } from "zod";
import { OBJECT_EVENT_TYPES } from "@/lib/events/event-types";

/**
 * What `POST /api/v1/test/trigger` can make happen: every event with an object behind it, so
 * every type but `ping` (the admin console's "Send test" sends that one). A new event type is
 * triggerable at once: give it its path in trigger-event.ts (tests/test-mode/trigger.test.ts
 * triggers every type and checks that event arrives).
 */
export const TRIGGER_TYPES = OBJECT_EVENT_TYPES;

export type TriggerType = (typeof TRIGGER_TYPES)[number];

/** POST /api/v1/test/trigger's body (validated at the route, rendered into the OpenAPI document). */
export const triggerRequestSchema = z
  .object({
    type: z.enum(TRIGGER_TYPES).meta({ description: "The event to produce.", example: "checkout.session.completed" }),
  })
  .strict();
