import type { CheckoutConfig } from "@/lib/config";
import { fieldError } from "./field-error";

const SESSION_ID_PLACEHOLDER = "{CHECKOUT_SESSION_ID}";

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Whether a redirect may go to `url`: its origin is listed, or it is loopback in demo mode. */
function isAllowedRedirect(url: string, c: Pick<CheckoutConfig, "allowedRedirectOrigins" | "allowLoopbackRedirects">) {
  let u: URL;
  try {
    u = new URL(url.replaceAll(SESSION_ID_PLACEHOLDER, "x"));
  } catch {
    return false;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return false;
  if (u.username || u.password) return false;
  if (c.allowedRedirectOrigins.includes(u.origin)) return true;
  return c.allowLoopbackRedirects && LOOPBACK.test(u.hostname);
}

/** Refuses successUrl/cancelUrl outside the allowed origins, field by field (400 VALIDATION_ERROR). */
export function assertRedirectsAllowed(
  urls: { successUrl: string; cancelUrl?: string },
  c: Pick<CheckoutConfig, "allowedRedirectOrigins" | "allowLoopbackRedirects">,
): void {
  for (const field of ["successUrl", "cancelUrl"] as const) {
    const url = urls[field];
    if (url !== undefined && !isAllowedRedirect(url, c))
      throw fieldError([field], `${field} must be on an allowed origin (CHECKOUT_ALLOWED_REDIRECT_ORIGINS)`);
  }
}

/** `{CHECKOUT_SESSION_ID}` replaced with the id (stored that way, so every answer and redirect has it). */
export const withSessionId = (url: string, id: string) => url.replaceAll(SESSION_ID_PLACEHOLDER, id);
