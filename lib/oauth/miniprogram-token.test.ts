import { describe, expect, it } from "vitest";
import { bearerToken, signMiniProgramToken, verifyMiniProgramToken } from "./miniprogram-token";
import { deriveKey } from "./signed-value";

const key = deriveKey("s".repeat(32), "miniprogram-token/v1");
const who = { openid: "oAbc-123_xyz", appId: "wx1234567890abcdef" };
const t0 = new Date("2026-12-01T08:00:00Z");

describe("mini-program session tokens", () => {
  it("round-trips the openid and appid until it expires (30 minutes)", () => {
    const { token, expiresAt } = signMiniProgramToken(who, key, t0);
    expect(expiresAt.toISOString()).toBe("2026-12-01T08:30:00.000Z");
    expect(verifyMiniProgramToken(token, key, t0)).toEqual(who);
    expect(verifyMiniProgramToken(token, key, new Date(expiresAt.getTime() - 1000))).toEqual(who);
    expect(verifyMiniProgramToken(token, key, expiresAt)).toBeNull();
  });

  it("carries no session_key, only sub/app/exp", () => {
    const { token } = signMiniProgramToken(who, key, t0);
    const claims = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString());
    expect(Object.keys(claims).sort()).toEqual(["app", "exp", "sub"]);
  });

  it.each([
    ["a changed payload", (t: string) => Buffer.from(t.split(".")[0]!, "base64url").toString() && reSign(t)],
    ["a changed mac", (t: string) => t.slice(0, -2) + (t.endsWith("AA") ? "BB" : "AA")],
    ["no mac", (t: string) => t.split(".")[0]!],
    ["empty", () => ""],
  ])("refuses %s", (_name, mutate) => {
    expect(verifyMiniProgramToken(mutate(signMiniProgramToken(who, key, t0).token), key, t0)).toBeNull();
  });

  it("refuses another key's token and a token whose claims are not ours", () => {
    const other = deriveKey("t".repeat(32), "miniprogram-token/v1");
    expect(verifyMiniProgramToken(signMiniProgramToken(who, other, t0).token, key, t0)).toBeNull();
    // A cookie signed with the same key under another purpose is not a token.
    expect(verifyMiniProgramToken(`${Buffer.from("{}").toString("base64url")}.x`, key, t0)).toBeNull();
  });

  it("reads only `Bearer <token>`", () => {
    expect(bearerToken("Bearer abc.DEF-_1")).toBe("abc.DEF-_1");
    for (const h of [null, "", "Bearer", "Bearer ", "bearer abc", "Basic abc", "Bearer a b"])
      expect(bearerToken(h)).toBeUndefined();
  });
});

/** Swaps the openid in the payload, keeping the old mac: a forged payer. */
function reSign(token: string): string {
  const [payload, mac] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
  claims.sub = "oSomeoneElse";
  return `${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${mac}`;
}
