import { z } from "zod";
import { EVENT_TYPES } from "@/lib/events/event-types";

/** What an endpoint may subscribe to: every event but `ping`, which only "Send test" sends. */
export const SUBSCRIBABLE_EVENT_TYPES = EVENT_TYPES.filter((t) => t !== "ping") as Exclude<
  (typeof EVENT_TYPES)[number],
  "ping"
>[];

/** Event types, deduplicated, or exactly `["*"]` (everything, including types added later). */
export const endpointEventsSchema = z
  .array(z.string())
  .min(1, 'choose at least one event type, or ["*"] for all')
  .max(50)
  .transform((list) => [...new Set(list)])
  .superRefine((list, ctx) => {
    if (list.includes("*")) {
      if (list.length > 1) ctx.addIssue({ code: "custom", message: '"*" must be alone: it already means every type' });
      return;
    }
    list.forEach((t, i) => {
      if (!(SUBSCRIBABLE_EVENT_TYPES as string[]).includes(t)) {
        ctx.addIssue({
          code: "custom",
          path: [i],
          message:
            t === "ping"
              ? "ping cannot be subscribed to: “Send test” sends it to one endpoint"
              : `unknown event type ${JSON.stringify(t.slice(0, 60))}`,
        });
      }
    });
  })
  .meta({
    description: 'Event types to receive, or `["*"]` for all. `ping` is sent by "Send test" only.',
    example: ["checkout.session.completed", "refund.succeeded"],
  });

const description = z
  .string()
  .trim()
  .max(200, "description must be at most 200 characters")
  .regex(/^[^\p{Cc}]*$/u, "description must not contain control characters");

/** POST /api/v1/admin/webhook-endpoints. The URL's policy check needs DNS, so it runs after this. */
export const newEndpointSchema = z
  .object({
    url: z.string().trim().min(1, "url is required").meta({ example: "https://shop.example.com/webhooks/wxpay" }),
    events: endpointEventsSchema,
    /** Which events it receives: live, or test (test mode). Default: live (test in demo mode). */
    mode: z.enum(["live", "test"]).optional(),
    description: description.optional(),
  })
  .strict();
export type NewEndpoint = z.infer<typeof newEndpointSchema>;

/** PATCH /api/v1/admin/webhook-endpoints/:id: any subset. */
export const endpointPatchSchema = z
  .object({
    url: z.string().trim().min(1, "url is required").optional(),
    events: endpointEventsSchema.optional(),
    description: description.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), "nothing to change");
export type EndpointPatch = z.infer<typeof endpointPatchSchema>;
