// docs/webhooks.md shows example payloads; each must be exactly what the OpenAPI document (the
// same zod schemas the code renders with) says that event carries, so the docs cannot drift.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isEventType } from "@/lib/events/event-types";
import { webhookPayload } from "@/lib/openapi/paths/events";

const doc = readFileSync("docs/webhooks.md", "utf8");
const examples = [...doc.matchAll(/^### ([a-z.]+)\n+```json\n([\s\S]*?)\n```/gm)].map((m) => ({
  type: m[1]!,
  json: m[2]!,
}));

describe("docs/webhooks.md", () => {
  it("has example payloads to check", () => {
    expect(examples.map((e) => e.type)).toEqual(["checkout.session.completed", "payment.flagged", "refund.succeeded"]);
  });

  it.each(examples)("the $type example is a valid $type payload, with no field the schema lacks", ({ type, json }) => {
    if (!isEventType(type)) throw new Error(`${type} is not an event type`);
    const example: unknown = JSON.parse(json);
    const parsed = webhookPayload(type).safeParse(example);
    expect(parsed.error?.issues ?? []).toEqual([]);
    // zod drops unknown keys: an example field that no longer exists would vanish here.
    expect(parsed.data).toEqual(example);
  });
});
