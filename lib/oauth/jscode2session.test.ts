import { describe, expect, it } from "vitest";
import { BadRequestError, InternalError, UpstreamUnavailableError } from "@/lib/errors/app-error";
import { exchangeMiniProgramCode } from "./jscode2session";

const input = { snsBase: "http://sns.test", appId: "wxmini", appSecret: "sec", code: "c0de" };
const answer = (body: unknown, status = 200) =>
  (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

describe("jscode2session", () => {
  it("trades the code for the openid at the sns base, dropping the session_key", async () => {
    let called = "";
    const f = (async (u: string) => {
      called = u;
      return new Response(JSON.stringify({ openid: "o-mini", session_key: "SECRET", unionid: "u" }));
    }) as unknown as typeof fetch;
    await expect(exchangeMiniProgramCode(input, f)).resolves.toBe("o-mini");
    expect(called).toBe(
      "http://sns.test/sns/jscode2session?appid=wxmini&secret=sec&js_code=c0de&grant_type=authorization_code",
    );
  });

  it.each([40029, 40163, 40226])("errcode %i is a 400 carrying it", async (errcode) => {
    const err = await exchangeMiniProgramCode(input, answer({ errcode, errmsg: "invalid code" })).catch((e) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({ code: "MINIPROGRAM_CODE_INVALID", details: { errcode } });
  });

  it("our appid or secret refused is our fault (500); busy or a broken answer is 503", async () => {
    await expect(exchangeMiniProgramCode(input, answer({ errcode: 40125 }))).rejects.toBeInstanceOf(InternalError);
    await expect(exchangeMiniProgramCode(input, answer({ errcode: -1 }))).rejects.toBeInstanceOf(
      UpstreamUnavailableError,
    );
    await expect(exchangeMiniProgramCode(input, answer({}, 502))).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(exchangeMiniProgramCode(input, answer({ what: 1 }))).rejects.toBeInstanceOf(UpstreamUnavailableError);
  });
});
