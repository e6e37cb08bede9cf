import { z } from "zod";
import { EVENT_ID_PATTERN } from "@/lib/events/event-id";
import { EVENT_TYPES } from "@/lib/events/event-types";

/** GET /api/v1/events query: validated at the route, rendered into the OpenAPI document. */
export const listEventsQuerySchema = z
  .object({
    type: z
      .enum(EVENT_TYPES)
      .optional()
      .meta({ description: "Only events of this type.", example: "checkout.session.completed" }),
    after: z
      .string()
      .regex(EVENT_ID_PATTERN, "after must be an event id (evt_…)")
      .optional()
      .meta({ description: "Cursor: the last event id of the previous page. Events come oldest first." }),
    limit: z.coerce
      .number()
      .int("limit must be an integer")
      .min(1)
      .max(100)
      .default(20)
      .meta({ description: "1–100, default 20." }),
  })
  .strict();

export type ListEventsQuery = z.infer<typeof listEventsQuerySchema>;
