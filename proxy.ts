import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config";
import { securityHeaderOptions, securityHeaders } from "@/lib/http/security-headers";
import { REQUEST_ID_HEADER, requestIdFor } from "@/lib/observability/request-id";

/**
 * Security headers on every page and route (lib/http/security-headers.ts). A fresh nonce per
 * request: Next reads it from the request's Content-Security-Policy and puts it on its scripts;
 * pages that add a script of their own read it from x-nonce. Pages are rendered per request
 * (the root layout reads cookies), so every page gets its own nonce.
 *
 * The request id too: the caller's `x-request-id` if well-formed, else a new one, passed on to
 * the route (lib/http/handle puts it on every log line) and echoed in the response.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const config = getConfig();
  const headers = securityHeaders(securityHeaderOptions(config, nonce, config.development));
  const requestHeaders = new Headers(request.headers);
  const requestId = requestIdFor(request.headers.get(REQUEST_ID_HEADER));
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  // Everything but the build's immutable assets and two server-to-server hot paths no browser
  // renders: WeChat Pay's notify route, where running this proxy cost a third of the throughput
  // (bench:notify, 335/s → 457/s), and Checkout Session creation (POST only, Bearer key;
  // bench:sessions, bench/notes/sessions.md). next.config.js gives them static headers instead;
  // their handlers (lib/http/handle) make the request id when no proxy did.
  matcher: [
    "/((?!_next/static|_next/image|api/v1/payments/wechat/notify$|api/v1/payments/wechat/notify/test$|api/v1/checkout/sessions$).*)",
  ],
};
