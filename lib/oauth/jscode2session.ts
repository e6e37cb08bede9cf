import { z } from "zod";
import { BadRequestError, InternalError, UpstreamUnavailableError } from "@/lib/errors/app-error";
import { snsGet } from "./sns-get";

const sessionAnswer = z.union([
  z.object({
    errcode: z
      .number()
      .int()
      .refine((c) => c !== 0),
    errmsg: z.string().optional(),
  }),
  // session_key and unionid are in the answer too; neither is read (nor kept, nor logged).
  z.object({ openid: z.string().min(1).max(128) }),
]);

// Our configuration is wrong (appid, secret): not the shopper's fault, and a retry will not help.
const CONFIG_ERRCODES = new Set([40013, 40125, 41002, 41004]);
// WeChat busy (-1) or our appid over its call quota (45011): try again later.
const TRANSIENT_ERRCODES = new Set([-1, 45011]);

/**
 * wx.login's code → the openid, through `${snsBase}/sns/jscode2session`. A bad, used or expired
 * code (40029, 40163, …) is a 400 with WeChat's errcode in the details.
 */
export async function exchangeMiniProgramCode(
  input: { snsBase: string; appId: string; appSecret: string; code: string },
  fetchFn: typeof fetch = fetch,
): Promise<string> {
  const q = new URLSearchParams({
    appid: input.appId,
    secret: input.appSecret,
    js_code: input.code,
    grant_type: "authorization_code",
  });
  const data = await snsGet(
    `${input.snsBase}/sns/jscode2session?${q.toString()}`,
    sessionAnswer,
    "WeChat login",
    fetchFn,
  );
  if (!("errcode" in data)) return data.openid;
  const { errcode } = data;
  if (TRANSIENT_ERRCODES.has(errcode)) throw new UpstreamUnavailableError(`WeChat login is busy (${errcode})`);
  if (CONFIG_ERRCODES.has(errcode))
    throw new InternalError(
      "MINIPROGRAM_MISCONFIGURED",
      `WeChat refused the mini-program's appid or secret (${errcode})`,
      {
        errcode,
      },
    );
  throw new BadRequestError(
    `WeChat did not accept the login code (${errcode})`,
    { errcode, errmsg: data.errmsg },
    "MINIPROGRAM_CODE_INVALID",
  );
}
