import { describe, expect, it } from "vitest";
import {
  endpointEventsSchema,
  endpointPatchSchema,
  newEndpointSchema,
  SUBSCRIBABLE_EVENT_TYPES,
} from "./endpoint-input";

describe("endpoint events", () => {
  it("accepts known types (deduplicated) or exactly ['*']", () => {
    expect(endpointEventsSchema.parse(["refund.succeeded", "refund.succeeded", "payment.succeeded"])).toEqual([
      "refund.succeeded",
      "payment.succeeded",
    ]);
    expect(endpointEventsSchema.parse(["*"])).toEqual(["*"]);
    expect(endpointEventsSchema.parse(["*", "*"])).toEqual(["*"]);
    expect(endpointEventsSchema.parse([...SUBSCRIBABLE_EVENT_TYPES])).toHaveLength(8);
  });

  it.each([
    [[], "at least one"],
    [["ping"], "ping cannot be subscribed"],
    [["payment.succeeded", "ping"], "ping cannot be subscribed"],
    [["order.paid"], "unknown event type"],
    [["*", "refund.created"], '"*" must be alone'],
    [["PAYMENT.SUCCEEDED"], "unknown event type"],
  ])("refuses %j", (events, message) => {
    const r = endpointEventsSchema.safeParse(events);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join("; ")).toContain(message);
  });

  it("does not offer ping as a subscription", () => {
    expect(SUBSCRIBABLE_EVENT_TYPES).not.toContain("ping");
  });
});

describe("endpoint input", () => {
  it("trims the description and allows up to 200 characters, no control characters", () => {
    const ok = newEndpointSchema.parse({
      url: " https://a.example/h ",
      events: ["*"],
      description: `  ${"说".repeat(200)} `,
    });
    expect(ok).toEqual({ url: "https://a.example/h", events: ["*"], description: "说".repeat(200) });
    expect(
      newEndpointSchema.safeParse({ url: "https://a.example", events: ["*"], description: "x".repeat(201) }).success,
    ).toBe(false);
    expect(newEndpointSchema.safeParse({ url: "https://a.example", events: ["*"], description: "a\nb" }).success).toBe(
      false,
    );
  });

  it("refuses unknown fields (a secret cannot be chosen) and an empty patch", () => {
    expect(newEndpointSchema.safeParse({ url: "https://a.example", events: ["*"], secret: "whsec_x" }).success).toBe(
      false,
    );
    expect(endpointPatchSchema.safeParse({}).success).toBe(false);
    expect(endpointPatchSchema.safeParse({ enabled: "yes" }).success).toBe(false);
    expect(endpointPatchSchema.parse({ enabled: false })).toEqual({ enabled: false });
  });
});
