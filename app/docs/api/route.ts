import { ApiReference } from "@scalar/nextjs-api-reference";
import { headers } from "next/headers";

// The API reference (Scalar) over /api/v1/openapi.json. Its script is served by this app
// (./scalar.js), not a CDN: merchants in China and offline machines get the page too. No
// fonts, telemetry, AI agent or request proxy leave the origin.
const options = {
  url: "/api/v1/openapi.json",
  cdn: "/docs/api/scalar.js",
  pageTitle: "API reference · WeChat Pay checkout",
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: false,
  showDeveloperTools: "never",
  // Scalar's hosted AI agent would send the document to a third party: off.
  agent: { disabled: true },
  mcp: { disabled: true },
} satisfies Parameters<typeof ApiReference>[0];

// Built per request: the page's CSP (proxy.ts) admits its scripts by this request's nonce.
export async function GET(): Promise<Response> {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return ApiReference({ ...options, nonce })();
}
