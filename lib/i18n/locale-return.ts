import { BadRequestError } from "@/lib/errors/app-error";

/**
 * Where the language toggle sends the shopper back: the path and query of the page they were
 * on (the Referer), as a relative Location. A Referer from another host goes home; one that is
 * not an http(s) URL, or whose path would make the Location leave the site (`//evil.example`,
 * which the URL parser also makes of `/\evil.example`), is a 400, never a redirect.
 */
export function localeReturnPath(referer: string | null, ownHosts: (string | null)[]): string {
  if (referer === null) return "/";
  let ref: URL;
  try {
    ref = new URL(referer);
  } catch {
    throw new BadRequestError("The Referer is not a URL", undefined, "BAD_REFERER");
  }
  if (ref.protocol !== "http:" && ref.protocol !== "https:")
    throw new BadRequestError("The Referer is not an http(s) URL", undefined, "BAD_REFERER");
  if (!ownHosts.includes(ref.host)) return "/";
  const back = ref.pathname + ref.search;
  if (!back.startsWith("/") || back.startsWith("//") || back.length > 2048 || /[\s\\]/.test(back))
    throw new BadRequestError("The Referer's path cannot be returned to", undefined, "BAD_REFERER");
  return back;
}
