import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config";
import { BadRequestError } from "@/lib/errors/app-error";
import { handle } from "@/lib/http/handle";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { localeReturnPath } from "@/lib/i18n/locale-return";

/** The language toggle: a plain form post, so it works before any JavaScript loads. */
export const POST = handle(async (request: NextRequest) => {
  assertSameOrigin(request);
  const form = await request.formData().catch(() => {
    throw new BadRequestError("Expected a form post");
  });
  const lang = form.get("lang") === "en" ? "en" : "zh-CN";
  // Back to the page the shopper was on, as a relative Location: behind a proxy or on 0.0.0.0
  // the server's idea of its own origin is not the browser's.
  const config = getConfig();
  const back = localeReturnPath(request.headers.get("referer"), [
    request.headers.get("host"),
    new URL(config.appUrl).host,
  ]);
  const res = new NextResponse(null, { status: 303, headers: { Location: back } });
  res.cookies.set("lang", lang, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax", secure: config.http.https });
  return res;
});
