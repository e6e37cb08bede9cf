import { NextResponse, type NextRequest } from "next/server";

/** The language toggle: a plain form post, so it works before any JavaScript loads. */
export async function POST(request: NextRequest) {
  const form = await request.formData();
  const lang = form.get("lang") === "en" ? "en" : "zh-CN";
  const back = request.headers.get("referer");
  const target = back && new URL(back).origin === request.nextUrl.origin ? back : new URL("/", request.url).toString();
  const res = NextResponse.redirect(target, 303);
  res.cookies.set("lang", lang, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
  return res;
}
