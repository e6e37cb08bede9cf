import { describe, expect, it } from "vitest";
import { UnauthorizedError, UpstreamUnavailableError } from "@/lib/errors/app-error";
import { buildAuthorizeUrl, exchangeCodeForOpenid } from "./snsapi-base";

const answer = (body: unknown, status = 200) =>
  (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;
const input = { snsBase: "http://sns.test", appId: "wxapp", appSecret: "sec", code: "c0de" };

describe("snsapi_base", () => {
  it("builds the authorize URL with the state and the #wechat_redirect fragment", () => {
    const url = new URL(
      buildAuthorizeUrl({
        oauthBase: "http://open.test",
        appId: "wxapp",
        redirectUri: "http://shop.test/cb?x=1",
        state: "s1",
      }),
    );
    expect(url.pathname).toBe("/connect/oauth2/authorize");
    expect(url.searchParams.get("redirect_uri")).toBe("http://shop.test/cb?x=1");
    expect(url.searchParams.get("scope")).toBe("snsapi_base");
    expect(url.searchParams.get("state")).toBe("s1");
    expect(url.hash).toBe("#wechat_redirect");
  });

  it("exchanges a code for the openid", async () => {
    let called = "";
    const f = (async (u: string) => {
      called = u;
      return new Response(JSON.stringify({ access_token: "t", openid: "o-alice", scope: "snsapi_base" }));
    }) as unknown as typeof fetch;
    await expect(exchangeCodeForOpenid(input, f)).resolves.toBe("o-alice");
    expect(called).toContain("/sns/oauth2/access_token?appid=wxapp&secret=sec&code=c0de&grant_type=authorization_code");
  });

  it("maps errcode to 401 and transport failures to 503", async () => {
    await expect(
      exchangeCodeForOpenid(input, answer({ errcode: 40029, errmsg: "invalid code" })),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(exchangeCodeForOpenid(input, answer({}, 500))).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(exchangeCodeForOpenid(input, answer({ what: 1 }))).rejects.toBeInstanceOf(UpstreamUnavailableError);
  });
});
