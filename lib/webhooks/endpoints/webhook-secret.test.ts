import { describe, expect, it } from "vitest";
import { ENDPOINT_ID_PATTERN, newEndpointId } from "./endpoint-id";
import { describeWebhookSecret, generateWebhookSecret, WEBHOOK_SECRET_PATTERN } from "./webhook-secret";

describe("webhook secrets", () => {
  it("are whsec_ + base64 of 32 bytes, matching the database CHECK, all different", () => {
    const secrets = Array.from({ length: 1000 }, () => generateWebhookSecret());
    for (const s of secrets) expect(s).toMatch(WEBHOOK_SECRET_PATTERN);
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it("encode exactly the random bytes (a Standard Webhooks library decodes them back)", () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 251) & 0xff));
    const s = generateWebhookSecret(() => bytes);
    expect(Buffer.from(s.slice("whsec_".length), "base64").equals(bytes)).toBe(true);
    expect(generateWebhookSecret(() => Buffer.alloc(32, 0xff))).toMatch(WEBHOOK_SECRET_PATTERN);
  });

  it("are shown as whsec_… and the last four characters only", () => {
    const s = generateWebhookSecret();
    expect(describeWebhookSecret(s)).toBe(`whsec_…${s.slice(-4)}`);
    expect(describeWebhookSecret(s)).not.toContain(s.slice(6, 20));
  });
});

describe("endpoint ids", () => {
  it("are we_ + 24 base62 characters", () => {
    const ids = Array.from({ length: 500 }, newEndpointId);
    for (const id of ids) expect(id).toMatch(ENDPOINT_ID_PATTERN);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
