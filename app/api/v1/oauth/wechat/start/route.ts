import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config";
import { handle } from "@/lib/http/handle";
import { checkReturnTo, startOauth } from "@/lib/oauth/oauth-flow";
import { OAUTH_STATE_COOKIE, STATE_MAX_AGE_S } from "@/lib/oauth/session-keys";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handle(async (req: NextRequest) => {
  const { authorizeUrl, stateCookie } = startOauth(checkReturnTo(req.nextUrl.searchParams.get("returnTo")));
  const res = NextResponse.redirect(authorizeUrl, 302);
  res.cookies.set(OAUTH_STATE_COOKIE, stateCookie, {
    httpOnly: true,
    sameSite: "lax",
    secure: getConfig().appUrl.startsWith("https:"),
    path: "/api/v1/oauth",
    maxAge: STATE_MAX_AGE_S,
  });
  return res;
});
