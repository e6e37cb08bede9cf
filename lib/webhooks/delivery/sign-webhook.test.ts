import { randomBytes } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { activeSecrets, signatureHeader } from "./sign-webhook";
import { WebhookSecretError } from "./webhook-errors";

const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;
const id = "evt_2Zk8mQf7Lr0aXc4Vb9NtYp3W";
const body = JSON.stringify({ type: "payment.succeeded", timestamp: "2026-12-01T10:00:00.000Z", data: { n: "价格" } });

function headers(signature: string, ts: number, msgId = id) {
  return { "webhook-id": msgId, "webhook-timestamp": String(ts), "webhook-signature": signature };
}

describe("signatureHeader (checked by the standardwebhooks package)", () => {
  it("is what the package itself signs, for a fixed timestamp", () => {
    const secret = newSecret();
    const ts = 1_764_583_200;
    expect(signatureHeader([secret], id, ts, body)).toBe(new Webhook(secret).sign(id, new Date(ts * 1000), body));
  });

  it("verifies for each of two secrets, and for neither a third", () => {
    const [current, previous, stranger] = [newSecret(), newSecret(), newSecret()];
    const ts = Math.floor(Date.now() / 1000);
    const header = signatureHeader([current, previous], id, ts, body);
    expect(header).toMatch(/^v1,[A-Za-z0-9+/]{43}= v1,[A-Za-z0-9+/]{43}=$/);
    for (const s of [current, previous]) {
      expect(new Webhook(s).verify(body, headers(header, ts))).toEqual(JSON.parse(body));
    }
    expect(() => new Webhook(stranger).verify(body, headers(header, ts))).toThrow(WebhookVerificationError);
  });

  it("fails verification on a tampered body, id or timestamp", () => {
    const secret = newSecret();
    const ts = Math.floor(Date.now() / 1000);
    const header = signatureHeader([secret], id, ts, body);
    const wh = new Webhook(secret);
    expect(() => wh.verify(body.replace("价格", "价钱"), headers(header, ts))).toThrow(WebhookVerificationError);
    expect(() => wh.verify(body, headers(header, ts, "evt_000000000000000000000000"))).toThrow(
      WebhookVerificationError,
    );
    expect(() => wh.verify(body, headers(header, ts + 1))).toThrow(WebhookVerificationError);
  });

  it("refuses malformed secrets and an empty list", () => {
    expect(() => signatureHeader(["whsec_short"], id, 1, body)).toThrow(WebhookSecretError);
    expect(() => signatureHeader([randomBytes(32).toString("base64")], id, 1, body)).toThrow(WebhookSecretError);
    expect(() => signatureHeader([], id, 1, body)).toThrow(WebhookSecretError);
    expect(() => signatureHeader([newSecret()], id, 1.5, body)).toThrow(RangeError);
  });
});

describe("activeSecrets", () => {
  const now = new Date("2026-12-01T10:00:00Z");
  const at = (ms: number) => new Date(now.getTime() + ms);
  it.each([
    ["no rotation", null, null, ["cur"]],
    ["previous still signing", "old", at(1000), ["cur", "old"]],
    ["previous expired exactly now", "old", now, ["cur"]],
    ["previous expired", "old", at(-1000), ["cur"]],
    ["previous without expiry", "old", null, ["cur"]],
  ] as const)("%s", (_name, previousSecret, previousSecretExpiresAt, expected) => {
    expect(activeSecrets({ secret: "cur", previousSecret, previousSecretExpiresAt }, now)).toEqual(expected);
  });
});
