import { NextResponse, type NextRequest } from "next/server";

/** The language toggle: a plain form post, so it works before any JavaScript loads. */
export async function POST(request: NextRequest) {
  const form = await request.formData();
  const lang = form.get("lang") === "en" ? "en" : "zh-CN";
  // Back to the page the shopper was on, as a relative Location: behind a proxy or on 0.0.0.0
  // the server's idea of its own origin is not the browser's.
  let back = "/";
  const referer = request.headers.get("referer");
  if (referer) {
    const ref = new URL(referer);
    if (ref.host === request.headers.get("host")) back = ref.pathname + ref.search;
  }
  const res = new NextResponse(null, { status: 303, headers: { Location: back } });
  res.cookies.set("lang", lang, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
  return res;
}
