import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config";
import { handle } from "@/lib/http/handle";
import { checkOauthState, openidCookieFor } from "@/lib/oauth/oauth-flow";
import { OAUTH_STATE_COOKIE, OPENID_COOKIE, OPENID_MAX_AGE_S } from "@/lib/oauth/session-keys";
import { getLogger } from "@/lib/observability/logger";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// A state that fails the check is answered as an error (we cannot trust where to return);
// a refused code goes back to the order page, which offers to sign in again.
export const GET = handle(async (req: NextRequest) => {
  const q = req.nextUrl.searchParams;
  const returnTo = checkOauthState(q.get("state"), req.cookies.get(OAUTH_STATE_COOKIE)?.value);
  // Behind a TLS-terminating proxy the request URL says http: the public URL decides.
  const secure = getConfig().appUrl.startsWith("https:");
  let openidCookie: string | null = null;
  try {
    openidCookie = await openidCookieFor(q.get("code"));
  } catch (err) {
    getLogger("oauth").warn({ err }, "WeChat sign-in failed");
  }
  const res = NextResponse.redirect(`${getConfig().appUrl}${returnTo}${openidCookie ? "" : "?oauth_error=1"}`, 302);
  if (openidCookie)
    res.cookies.set(OPENID_COOKIE, openidCookie, {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      maxAge: OPENID_MAX_AGE_S,
    });
  res.cookies.set(OAUTH_STATE_COOKIE, "", {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/api/v1/oauth",
    maxAge: 0,
  });
  return res;
});
