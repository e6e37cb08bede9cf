import { z } from "zod";
import { UnauthorizedError } from "@/lib/errors/app-error";
import { snsGet } from "./sns-get";

/** WeChat's silent OAuth (snsapi_base): the page's shopper comes back with a code for an openid. */
export function buildAuthorizeUrl(input: {
  oauthBase: string;
  appId: string;
  redirectUri: string;
  state: string;
}): string {
  const q = new URLSearchParams({
    appid: input.appId,
    redirect_uri: input.redirectUri,
    response_type: "code",
    scope: "snsapi_base",
    state: input.state,
  });
  return `${input.oauthBase}/connect/oauth2/authorize?${q.toString()}#wechat_redirect`;
}

const tokenAnswer = z.union([
  z.object({
    errcode: z
      .number()
      .int()
      .refine((c) => c !== 0),
    errmsg: z.string().optional(),
  }),
  z.object({ openid: z.string().min(1).max(128), access_token: z.string().optional(), scope: z.string().optional() }),
]);

/** code → openid through `${snsBase}/sns/oauth2/access_token`. A used or bad code is a 401. */
export async function exchangeCodeForOpenid(
  input: { snsBase: string; appId: string; appSecret: string; code: string },
  fetchFn: typeof fetch = fetch,
): Promise<string> {
  const q = new URLSearchParams({
    appid: input.appId,
    secret: input.appSecret,
    code: input.code,
    grant_type: "authorization_code",
  });
  const data = await snsGet(
    `${input.snsBase}/sns/oauth2/access_token?${q.toString()}`,
    tokenAnswer,
    "WeChat sign-in",
    fetchFn,
  );
  if ("errcode" in data)
    throw new UnauthorizedError(`WeChat sign-in failed (${data.errcode})`, { errcode: data.errcode });
  return data.openid;
}
