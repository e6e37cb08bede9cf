import { describe, expect, it } from "vitest";
import { deriveKey, signValue, verifySignedValue } from "./signed-value";

const key = deriveKey("x".repeat(32), "openid-cookie");

describe("signed values", () => {
  it("round-trips and binds the purpose", () => {
    const s = signValue("o-abc.def", key, "openid");
    expect(verifySignedValue(s, key, "openid")).toBe("o-abc.def");
    expect(verifySignedValue(s, key, "state")).toBeNull();
  });

  it.each([
    ["tampered value", (s: string) => s.replace("o-abc", "o-abd")],
    ["tampered mac", (s: string) => s.slice(0, -2) + (s.endsWith("AA") ? "BB" : "AA")],
    ["no mac", () => "o-abc"],
    ["empty", () => ""],
  ])("rejects a %s", (_name, mutate) => {
    expect(verifySignedValue(mutate(signValue("o-abc", key, "openid")), key, "openid")).toBeNull();
  });

  it("rejects another key's signature", () => {
    const other = deriveKey("y".repeat(32), "openid-cookie");
    expect(verifySignedValue(signValue("o-abc", other, "openid"), key, "openid")).toBeNull();
  });
});
