import "server-only";
import { randomBytes } from "node:crypto";
import { getConfig } from "@/lib/config";
import { BadRequestError, UnauthorizedError } from "@/lib/errors/app-error";
import { getWechat, primaryLivemode } from "@/lib/payments/mode-contexts";
import { cookieKey } from "./session-keys";
import { signValue, verifySignedValue } from "./signed-value";
import { buildAuthorizeUrl, exchangeCodeForOpenid } from "./snsapi-base";

const CALLBACK_PATH = "/api/v1/oauth/wechat/callback";
// Only our own payment pages (an order's, or a hosted checkout's): the callback must not become
// an open redirect, so nothing but a same-origin path of these shapes is accepted.
const RETURN_TO = /^(\/orders\/[0-9A-Za-z-]{4,40}(\/[a-z]+)?|\/pay\/cs_[0-9A-Za-z]{24,64})$/;

export function checkReturnTo(returnTo: string | null): string {
  if (!returnTo || !RETURN_TO.test(returnTo))
    throw new BadRequestError("returnTo must be a payment page", undefined, "INVALID_RETURN_TO");
  return returnTo;
}

/** Starts snsapi_base: a fresh state, kept (with where to return) in a signed cookie. */
export function startOauth(returnTo: string): { authorizeUrl: string; stateCookie: string } {
  // The storefront's WeChat app (test orders in a live deployment are paid from the test page).
  const { credentials } = getWechat(primaryLivemode());
  const state = randomBytes(16).toString("base64url");
  const authorizeUrl = buildAuthorizeUrl({
    oauthBase: credentials.oauthBase,
    appId: credentials.appId,
    redirectUri: `${getConfig().appUrl}${CALLBACK_PATH}`,
    state,
  });
  return { authorizeUrl, stateCookie: signValue(`${state}|${returnTo}`, cookieKey(), "oauth-state") };
}

/** Checks the returned state against the signed cookie; gives back where to return. */
export function checkOauthState(state: string | null, stateCookie: string | undefined): string {
  const stored = verifySignedValue(stateCookie, cookieKey(), "oauth-state");
  if (!stored) throw new UnauthorizedError("WeChat sign-in expired; please try again");
  const [want, returnTo] = stored.split("|");
  if (!state || state !== want) throw new UnauthorizedError("WeChat sign-in state does not match");
  return checkReturnTo(returnTo ?? null);
}

/** Trades the code for the openid; the signed cookie value that keeps it. */
export async function openidCookieFor(code: string | null): Promise<string> {
  if (!code) throw new UnauthorizedError("WeChat sign-in was not granted");
  // The storefront's WeChat app (test orders in a live deployment are paid from the test page).
  const { credentials } = getWechat(primaryLivemode());
  const openid = await exchangeCodeForOpenid({
    snsBase: credentials.snsBase,
    appId: credentials.appId,
    appSecret: credentials.appSecret,
    code,
  });
  return signValue(openid, cookieKey(), "openid");
}
