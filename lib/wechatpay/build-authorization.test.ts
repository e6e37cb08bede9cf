import { readFileSync } from "node:fs";
import { createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildAuthorization, buildRequestMessage } from "./build-authorization";
import { createNonce } from "./nonce";
import { signMessage, verifyMessage } from "./sign-message";

// Official documentation vector (copied from shared/vectors so the repo is self-contained).
const vectors = new URL("./fixtures/official/", import.meta.url);
const officialKey = readFileSync(new URL("official-test-key.pem", vectors), "utf8");
const body = readFileSync(new URL("request-body.json", vectors), "utf8");
const expectedSignature = readFileSync(new URL("request-signature.txt", vectors), "utf8").trim();
const vector = {
  method: "POST",
  pathWithQuery: "/v3/pay/transactions/jsapi",
  timestamp: 1554208460,
  nonce: "593BEC0C930BF1AFEB40B4A08C8FB242",
  body,
};

describe("request signing (official known answer)", () => {
  it("builds the five-line message with a trailing newline and the body byte for byte", () => {
    const message = buildRequestMessage(vector);
    expect(message).toBe(`POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n${body}\n`);
    expect(body.endsWith("\n")).toBe(false);
  });

  it("reproduces the official signature", () => {
    expect(signMessage(buildRequestMessage(vector), officialKey)).toBe(expectedSignature);
  });

  it("puts that signature in the Authorization header with every attribute", () => {
    const header = buildAuthorization({ ...vector, mchid: "1230000109", serialNo: "ABC123", privateKey: officialKey });
    expect(header.startsWith("WECHATPAY2-SHA256-RSA2048 ")).toBe(true);
    const attrs = Object.fromEntries([...header.slice(26).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    expect(attrs).toEqual({
      mchid: "1230000109",
      nonce_str: vector.nonce,
      timestamp: "1554208460",
      serial_no: "ABC123",
      signature: expectedSignature,
    });
    expect(header).not.toMatch(/, /);
  });

  it("ends a GET message with an empty body line", () => {
    expect(buildRequestMessage({ ...vector, method: "get", body: "" }).endsWith("\n\n")).toBe(true);
  });

  it("produces signatures the public key verifies, and rejects a changed message", () => {
    const pub = createPublicKey(officialKey);
    const sig = signMessage("hello\n", officialKey);
    expect(verifyMessage("hello\n", sig, pub)).toBe(true);
    expect(verifyMessage("hello!\n", sig, pub)).toBe(false);
    expect(verifyMessage("hello\n", "not base64 !!", pub)).toBe(false);
  });
});

describe("createNonce", () => {
  it("returns 32 chars of [0-9A-Za-z], different each time", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const nonce = createNonce();
      expect(nonce).toMatch(/^[0-9A-Za-z]{32}$/);
      seen.add(nonce);
    }
    expect(seen.size).toBe(200);
  });

  it("uses the whole alphabet", () => {
    const chars = new Set(Array.from({ length: 100 }, () => createNonce()).join(""));
    expect(chars.size).toBe(62);
  });
});
